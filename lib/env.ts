import "server-only";
import path from "node:path";
import { z } from "zod";
import { findRoleMapProblems } from "./auth/oidc-roles";

// The one place that reads process.env. Parsed lazily so `next build` needs no runtime secrets.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  MERIDIAN_CONFIG: z.string().default("config/demo.yaml"),
  /** Connections in this process's pool (each replica has its own). */
  MERIDIAN_DB_POOL: z.coerce.number().int().min(1).max(100).default(10),
  /** Connections kept for decisions (approve, apply, execute, abort), apart from the pool above. */
  MERIDIAN_DB_DECISION_POOL: z.coerce.number().int().min(1).max(50).default(4),
  /** Longest wait for a database connection (a free one from the pool, or a new one to connect). */
  MERIDIAN_DB_ACQUIRE_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  MERIDIAN_DATA_DIR: z.string().default(".data"),
  /** Set on a standby console: the primary's database URL. DATABASE_URL is then a streaming replica of it (README, "a standby console"). */
  MERIDIAN_STANDBY_OF: z.string().url({ message: "MERIDIAN_STANDBY_OF must be the primary's postgresql:// URL" }).optional(),
  /** The other region's console (http://…): the standby names it as the primary; each reads the other's fencing epoch. */
  MERIDIAN_PEER_URL: z.string().url().optional(),
  /** Which region this console runs in, as people name it ("us-east-1"): shown in banners and takeovers. */
  MERIDIAN_CONSOLE_REGION: z.string().min(1).max(64).optional(),
  /** The port this process listens on (next start -p); the overview's shared copies are rendered through it. Unset: no shared copies. */
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MERIDIAN_INSTANCE_ID: z.string().optional(),
  MERIDIAN_COLLECTOR: z.enum(["on", "off"]).default("on"),
  /** "off": this replica serves pages and the API but runs no jobs (applies, failovers, webhooks). */
  MERIDIAN_WORKER: z.enum(["on", "off"]).default("on"),
  MERIDIAN_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** terraform for workspaces that name no binary of their own: on PATH, or an absolute path (containers). */
  MERIDIAN_TERRAFORM_BIN: z.string().min(1).default("terraform"),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  /** "sre-team=operator,sre-leads=approver": groups → roles. An unknown role stops the start (it would lock that group out silently). */
  OIDC_ROLE_MAP: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      for (const problem of findRoleMapProblems(value)) ctx.addIssue({ code: "custom", message: problem });
    }),
  /** Slack-compatible webhook for approval notifications. */
  MERIDIAN_WEBHOOK_URL: z.string().url().optional(),
  /** HMAC key of the audit chain and its checkpoints. Unset: generated into <data folder>/audit-key; production sets it. */
  MERIDIAN_AUDIT_KEY: z.string().min(32, "MERIDIAN_AUDIT_KEY must be at least 32 characters (openssl rand -hex 32)").optional(),
  /** Retired audit keys, "keyId:secret,keyId:secret" (or bare secrets): rows signed with them still verify. */
  MERIDIAN_AUDIT_KEYS_OLD: z.string().default(""),
  /** File the signed audit checkpoints are appended to (default <data folder>/audit-checkpoints.jsonl). */
  MERIDIAN_AUDIT_CHECKPOINT_PATH: z.string().min(1).optional(),
});

// Appending to and verifying the audit chain also happens in scripts and tests without a full environment.
const auditEnvSchema = envSchema.pick({ MERIDIAN_DATA_DIR: true, MERIDIAN_AUDIT_KEY: true, MERIDIAN_AUDIT_KEYS_OLD: true, MERIDIAN_AUDIT_CHECKPOINT_PATH: true });
// Database clients are also made by scripts, tests and benchmarks that pass their own URL.
const dbEnvSchema = envSchema.pick({ MERIDIAN_DB_POOL: true, MERIDIAN_DB_DECISION_POOL: true, MERIDIAN_DB_ACQUIRE_MS: true });
// Which console this is (primary or standby, its region and peer): asked by every decision, also in tests and scripts.
const consoleEnvSchema = envSchema.pick({ MERIDIAN_STANDBY_OF: true, MERIDIAN_PEER_URL: true, MERIDIAN_CONSOLE_REGION: true });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The audit key and checkpoint settings, validated without the rest of the environment; not cached. */
export function getAuditEnv(): z.infer<typeof auditEnvSchema> {
  const parsed = auditEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return parsed.data;
}

/** The database limits' settings, validated without the rest of the environment; not cached. */
export function getDbEnv(): z.infer<typeof dbEnvSchema> {
  const parsed = dbEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return parsed.data;
}

/** The console's standby settings, validated without the rest of the environment; not cached. */
export function getConsoleEnv(): z.infer<typeof consoleEnvSchema> {
  const parsed = consoleEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return parsed.data;
}

export function dataDir(): string {
  return path.resolve(getEnv().MERIDIAN_DATA_DIR);
}

/** Reads a secret named by configuration (`env:NAME` references); never logged or sent to the browser. */
export function readSecretRef(name: string): string | undefined {
  const value = process.env[name];
  return value && value.length > 0 ? value : undefined;
}

/**
 * The environment for child processes such as terraform: PATH, HOME and the cloud credentials they
 * need, and nothing of Meridian's own secrets.
 */
export function getChildProcessEnv(extra: Record<string, string> = {}): Record<string, string> {
  const passThrough = /^(PATH|HOME|TMPDIR|LANG|LC_ALL|AWS_[A-Z_]+|TF_PLUGIN_CACHE_DIR|KUBECONFIG|HTTPS?_PROXY|NO_PROXY)$/;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && passThrough.test(k)) env[k] = v;
  return { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", ...extra };
}

/** The log level, read without validating the rest: logging must work before the environment is valid. */
export function readLogLevel(): string | undefined {
  return process.env.MERIDIAN_LOG_LEVEL;
}

/** For tests: forget the parsed environment. */
export function resetEnvForTests(): void {
  cached = undefined;
}
