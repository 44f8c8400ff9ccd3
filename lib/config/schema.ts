import { z } from "zod";
import { workspaceConfigSchema } from "@/lib/changes/config-schema";
import { addRunbookIssues, runbookConfigSchema } from "@/lib/runbooks/config-schema";
import { backupConfigSchema, linkConfigSchema } from "@/lib/replication/config-schema";
import { slosConfigSchema } from "@/lib/slos/config-schema";
import { duration } from "./duration";
import { secretRef } from "./secret-ref";
import { integrationsConfigSchema } from "@/lib/integrations/config-schema";
import { retentionConfigSchema } from "@/lib/retention/config-schema";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");


export const SERVICE_ROLES = ["active", "dormant", "active-active"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

const regionSchema = z.object({ id, name: z.string(), provider: z.enum(["aws"]).default("aws") }).strict();

const clusterSchema = z
  .object({
    id,
    region: z.string(),
    kind: z.enum(["eks", "kubernetes"]).default("eks"),
    /** kubeconfig context for the kubernetes source. */
    context: z.string().optional(),
  })
  .strict();

/**
 * A tag key as AWS allows it (1–128 letters, digits, spaces and _.:/=+-@), without "$": Cost Explorer
 * answers tag groups as "key$value", so a "$" in the key could not be told from the value.
 */
const costTagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "a tag key: 1–128 letters, digits, spaces and _.:/=+-@")
  .refine((k) => k.trim() === k, "a tag key without leading or trailing spaces");

const sourceSchema = z
  .object({
    name: id,
    /** `aws`: credentials (and endpoints) for the failover actions: RDS promotion, Route 53, Route 53 ARC. */
    kind: z.enum(["demo", "kubernetes", "eks", "prometheus", "cloudwatch", "cost-explorer", "aws"]),
    interval: duration.prefault("30s"),
    timeout: duration.prefault("10s"),
    /**
     * How old this source's data may get before everything it feeds reads "no data since T".
     * Unset: `staleAfter` intervals (default 2); CloudWatch at least 5 min, since RDS metrics arrive late.
     */
    staleAfter: duration.optional(),
    regions: z.array(z.string()).optional(),
    url: z.string().url().optional(),
    kubeconfig: z.string().optional(),
    endpoint: z.string().url().optional().describe("Override the AWS endpoint (tests, VPC endpoints)"),
    /** One endpoint override per API, since each has its own (VPC endpoints, tests); `sts` serves assume-role and the credential check. */
    endpoints: z.object({ rds: z.string().url().optional(), route53: z.string().url().optional(), sts: z.string().url().optional() }).strict().optional(),
    /**
     * AWS sources: keys when given (both, plus a session token for temporary keys), else the SDK's
     * default chain (environment, shared config and SSO profiles, web identity, container and instance roles).
     */
    accessKeyId: secretRef.optional(),
    secretAccessKey: secretRef.optional(),
    sessionToken: secretRef.optional(),
    /** AWS sources: a role to assume with those credentials (cross-account, least privilege per source). */
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/meridian-read")
      .optional(),
    /** The external ID the role's trust policy asks for (not a secret, per AWS). */
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "2–1224 characters of letters, digits and +=,.@:/-").optional(),
    bearerToken: secretRef.optional(),
    /**
     * cost-explorer: the cost allocation tag keys that carry Meridian's team, system and service
     * (each defaults to its own name). They must be activated in Billing to appear in Cost Explorer.
     */
    costTags: z.object({ team: costTagKey.optional(), system: costTagKey.optional(), service: costTagKey.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    // Half a key pair would silently fall back to the default chain; say so instead.
    if (Boolean(s.accessKeyId) !== Boolean(s.secretAccessKey))
      ctx.addIssue({ code: "custom", path: [s.accessKeyId ? "secretAccessKey" : "accessKeyId"], message: "accessKeyId and secretAccessKey go together (omit both to use the default credential chain)" });
    if (s.sessionToken && !s.accessKeyId) ctx.addIssue({ code: "custom", path: ["sessionToken"], message: "a sessionToken needs accessKeyId and secretAccessKey" });
    if (s.costTags && s.kind !== "cost-explorer") ctx.addIssue({ code: "custom", path: ["costTags"], message: "costTags is only read by a cost-explorer source" });
    if (s.externalId && !s.roleArn) ctx.addIssue({ code: "custom", path: ["externalId"], message: "externalId is only used with roleArn" });
  });

/** The source kinds that call AWS APIs: they share one way to get credentials (lib/sources/aws-credentials.ts). */
export const AWS_SOURCE_KINDS = ["eks", "cloudwatch", "cost-explorer", "aws"] as const;

const serviceSchema = z
  .object({
    id,
    name: z.string(),
    team: z.string(),
    stateful: z.boolean().default(false),
    tier: z.enum(["critical", "standard"]).default("standard"),
    /** Role per region, e.g. { eu-west-1: active, us-east-1: dormant }. */
    regions: z.record(z.string(), z.enum(SERVICE_ROLES)),
    /** Namespace/name of the workload in Kubernetes, when it differs from the id. */
    workload: z.string().optional(),
  })
  .strict();

const systemSchema = z.object({ id, name: z.string(), team: z.string(), services: z.array(serviceSchema).min(1) }).strict();

const demoSchema = z
  .object({
    seed: z.number().int().default(42),
    /** Adds synthetic regions and services on top of the declared ones (benchmarks). */
    size: z.object({ regions: z.number().int().min(1).max(50), services: z.number().int().min(1).max(5000) }).strict().optional(),
    /** A dormant region that stopped taking releases `since` before the fleet was first loaded. */
    drift: z.array(z.object({ service: z.string(), region: z.string(), since: duration }).strict()).default([]),
    /** A release that went out `ago` before the fleet was first loaded and hurts its SLOs until the next one. */
    badDeploys: z.array(z.object({ service: z.string(), ago: duration, fixedAfter: duration.prefault("7d") }).strict()).default([]),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1),
    demo: demoSchema.optional(),
    regions: z.array(regionSchema).min(1),
    clusters: z.array(clusterSchema).default([]),
    sources: z.array(sourceSchema).min(1),
    systems: z.array(systemSchema).default([]),
    links: z.array(linkConfigSchema).default([]),
    /** Where stateful services' last successful backups are read (readiness); without one the age is unknown. */
    backups: z.array(backupConfigSchema).default([]),
    workspaces: z.array(workspaceConfigSchema).default([]),
    slos: slosConfigSchema.optional(),
    runbooks: z.array(runbookConfigSchema).default([]),
    staleAfter: z.number().min(1).default(2).describe("A source without its own staleAfter is stale after this many intervals without fresh data"),
    retention: retentionConfigSchema.prefault({}),
    /** Outside tools that mirror changes and failovers (GitHub check runs, Slack messages). */
    integrations: integrationsConfigSchema.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    // Cross-references: every region named anywhere must be declared.
    const regions = new Set(cfg.regions.map((r) => r.id));
    const services = new Set(cfg.systems.flatMap((s) => s.services.map((x) => x.id)));
    const sources = new Set(cfg.sources.map((s) => s.name));
    cfg.clusters.forEach((c, i) => {
      if (!regions.has(c.region)) ctx.addIssue({ code: "custom", path: ["clusters", i, "region"], message: `unknown region "${c.region}"` });
    });
    cfg.systems.forEach((sys, i) =>
      sys.services.forEach((svc, j) =>
        Object.keys(svc.regions).forEach((r) => {
          if (!regions.has(r)) ctx.addIssue({ code: "custom", path: ["systems", i, "services", j, "regions", r], message: `unknown region "${r}"` });
        }),
      ),
    );
    cfg.links.forEach((l, i) => {
      if (!services.has(l.service)) ctx.addIssue({ code: "custom", path: ["links", i, "service"], message: `unknown service "${l.service}"` });
      for (const key of ["from", "to"] as const)
        if (!regions.has(l[key])) ctx.addIssue({ code: "custom", path: ["links", i, key], message: `unknown region "${l[key]}"` });
      if (l.source && !sources.has(l.source)) ctx.addIssue({ code: "custom", path: ["links", i, "source"], message: `unknown source "${l.source}"` });
    });
    cfg.backups.forEach((b, i) => {
      if (!services.has(b.service)) ctx.addIssue({ code: "custom", path: ["backups", i, "service"], message: `unknown service "${b.service}"` });
      if (!regions.has(b.region)) ctx.addIssue({ code: "custom", path: ["backups", i, "region"], message: `unknown region "${b.region}"` });
      const source = cfg.sources.find((s) => s.name === b.source);
      const want = b.rds ? "aws" : "prometheus";
      if (!source) ctx.addIssue({ code: "custom", path: ["backups", i, "source"], message: `unknown source "${b.source}"` });
      else if (source.kind !== want) ctx.addIssue({ code: "custom", path: ["backups", i, "source"], message: `${b.rds ? "rds" : "query"} backups need a source of kind ${want}; "${b.source}" is ${source.kind}` });
    });
    cfg.workspaces.forEach((w, i) =>
      w.regions.forEach((r, j) => {
        if (!regions.has(r)) ctx.addIssue({ code: "custom", path: ["workspaces", i, "regions", j], message: `unknown region "${r}"` });
      }),
    );
    cfg.runbooks.forEach((rb, i) => {
      if (!services.has(rb.service)) ctx.addIssue({ code: "custom", path: ["runbooks", i, "service"], message: `unknown service "${rb.service}"` });
      addRunbookIssues(rb, ["runbooks", i], { regions, services, clusters: new Map(cfg.clusters.map((c) => [c.id, c.region])) }, ctx);
    });
    cfg.sources.forEach((s, i) =>
      (s.regions ?? []).forEach((r, j) => {
        if (!regions.has(r)) ctx.addIssue({ code: "custom", path: ["sources", i, "regions", j], message: `unknown region "${r}"` });
      }),
    );
  });

export type MeridianConfig = z.infer<typeof configSchema>;
export type SourceConfig = MeridianConfig["sources"][number];
export type ServiceConfig = MeridianConfig["systems"][number]["services"][number];
export type SystemConfig = MeridianConfig["systems"][number];
