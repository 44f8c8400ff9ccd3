import { createHash } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "@/lib/http/errors";

/**
 * The parts of `terraform show -json <planfile>` (format_version 1.x) the console reads.
 * Unknown fields are dropped on parse; the shapes follow terraform's internal/command/jsonplan.
 */

const pathStep = z.union([z.string(), z.number()]);

export const planChangeSchema = z.object({
  actions: z.array(z.enum(["no-op", "create", "read", "update", "delete", "forget", "open"])).min(1).max(2),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(pathStep)).optional(),
  importing: z.object({ id: z.string().optional() }).nullish(),
});
export type PlanChange = z.infer<typeof planChangeSchema>;

export const resourceChangeSchema = z.object({
  address: z.string(),
  module_address: z.string().optional(),
  previous_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.string(),
  index: pathStep.optional(),
  provider_name: z.string(),
  deposed: z.string().optional(),
  change: planChangeSchema,
  action_reason: z.string().optional(),
});
export type ResourceChange = z.infer<typeof resourceChangeSchema>;

const providerConfigSchema = z.object({
  name: z.string(),
  full_name: z.string().optional(),
  alias: z.string().optional(),
  module_address: z.string().optional(),
  expressions: z.record(z.string(), z.unknown()).optional(),
});
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

type ConfigModule = {
  variables?: Record<string, { sensitive?: boolean }>;
  resources?: Array<{ address: string; mode?: string; type: string; name: string; provider_config_key?: string }>;
  module_calls?: Record<string, { module?: ConfigModule }>;
};

const configResourceSchema = z.object({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  provider_config_key: z.string().optional(),
});
const configModuleSchema: z.ZodType<ConfigModule> = z.lazy(() =>
  z.object({
    variables: z.record(z.string(), z.object({ sensitive: z.boolean().optional() })).optional(),
    resources: z.array(configResourceSchema).optional(),
    module_calls: z.record(z.string(), z.object({ module: configModuleSchema.optional() })).optional(),
  }),
);

export const planJsonSchema = z.object({
  format_version: z.string().regex(/^1\.\d+$/, "unsupported plan format_version (this console reads 1.x, terraform ≥ 1.0)"),
  terraform_version: z.string(),
  // Present in every plan, absent in state files (which `terraform show -json` also prints).
  planned_values: z.object({}),
  variables: z.record(z.string(), z.object({ value: z.unknown().optional() })).optional(),
  resource_changes: z.array(resourceChangeSchema).default([]),
  output_changes: z.record(z.string(), planChangeSchema).default({}),
  configuration: z
    .object({
      provider_config: z.record(z.string(), providerConfigSchema).default({}),
      root_module: configModuleSchema.optional(),
    })
    .optional(),
  timestamp: z.string().optional(),
  applyable: z.boolean().optional(),
  complete: z.boolean().optional(),
  errored: z.boolean().optional(),
});
export type PlanJson = z.infer<typeof planJsonSchema>;

/** A plan upload that cannot be read: 400 with the reason, nothing stored. */
export class PlanParseError extends ValidationError {}

/** Parses `terraform show -json` output (text, bytes or already-parsed JSON) into a typed plan. */
export function parsePlanJson(input: string | Uint8Array | unknown): PlanJson {
  let data: unknown = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    try {
      data = JSON.parse(text);
    } catch {
      throw new PlanParseError("The plan JSON is not JSON: upload the output of `terraform show -json <planfile>`.");
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new PlanParseError("The plan JSON is not an object: upload the output of `terraform show -json <planfile>`.");
  }
  if ("values" in data && !("planned_values" in data)) {
    throw new PlanParseError("This is terraform state, not a plan: run `terraform show -json` on the saved plan file.");
  }
  const parsed = planJsonSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new PlanParseError("This is not terraform plan JSON (format_version 1.x from `terraform show -json <planfile>`).", issues);
  }
  if (parsed.data.errored === true) {
    throw new PlanParseError("terraform reported this plan as errored; it cannot be applied.");
  }
  return parsed.data;
}

/** Hex SHA-256 of the saved plan file: approvals bind to it. */
export function planSha256(file: Uint8Array): string {
  return createHash("sha256").update(file).digest("hex");
}

/**
 * Whether uploaded plan JSON describes the uploaded plan file: compare it with what
 * `terraform show -json` prints for that file (same changes, same plan timestamp).
 */
export function planJsonMatches(uploaded: PlanJson, shown: PlanJson): boolean {
  const key = (p: PlanJson) =>
    canonicalJson({ t: p.timestamp ?? null, r: p.resource_changes, o: p.output_changes, v: p.terraform_version });
  return key(uploaded) === key(shown);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export type PlanLineCounts = { import: number; add: number; change: number; destroy: number };

/**
 * terraform's own summary line from plan output ("Plan: 1 to import, 2 to add, 0 to change, 1 to destroy.").
 * The last one wins; "No changes." yields zeros; null when the text has neither.
 */
export function parsePlanLine(text: string): PlanLineCounts | null {
  const matches = [...text.matchAll(/Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./g)];
  const last = matches.at(-1);
  if (last) return { import: Number(last[1] ?? 0), add: Number(last[2]), change: Number(last[3]), destroy: Number(last[4]) };
  if (/No changes\./.test(text)) return { import: 0, add: 0, change: 0, destroy: 0 };
  return null;
}

/** What a plan does to one resource (or output), as the console names it. */
export type ResourceAction = "create" | "update" | "delete" | "replace" | "read" | "forget" | "no-op";
