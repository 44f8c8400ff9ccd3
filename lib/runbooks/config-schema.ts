// Runbooks as configuration: the vocabulary every domain that reads runbooks shares (the failovers
// that run them, topology and replication that read which services they move), so it sits below
// all of them in DOMAIN_ORDER. A leaf: zod and lib/config/duration only.
import { z } from "zod";
import { duration } from "@/lib/config/duration";

// Runbooks as config: per protected service, an ordered list of typed steps. Parameters that
// depend on where the service is going are maps keyed by the TARGET region, so one runbook
// serves the failover and the failback.

const name = z.string().min(1).max(80);
const byTargetRegion = <T extends z.ZodType>(value: T) => z.record(z.string(), value);
const commandSchema = z.array(z.string().min(1)).min(1).describe("argv; run with execFile, no shell");

/**
 * How a completed step is undone when a later step fails: `auto` = the step type's inverse
 * (unfreeze, scale back, shift back, promote back), `none` = leave it, or an explicit command.
 */
export const stepRollbackSchema = z
  .union([z.literal("auto"), z.literal("none"), z.object({ command: commandSchema }).strict()])
  .default("auto");
export type StepRollback = z.infer<typeof stepRollbackSchema>;

const base = {
  name: name.optional(),
  /** Per-step timeout; the engine aborts the executor when it passes. */
  timeout: duration.optional(),
  rollback: stepRollbackSchema,
};
/** Services whose active region this step moves (demo fleet, inventory); defaults to the runbook's service. */
const moves = { services: z.array(z.string()).min(1).optional() };

const precheckStep = z
  .object({
    type: z.literal("precheck"),
    ...base,
    /** Whether a not-ready verdict may be overridden with a written reason at request time. */
    allowOverride: z.boolean().default(true),
  })
  .strict();

const freezeWritesStep = z
  .object({
    type: z.literal("freeze-writes"),
    ...base,
    command: commandSchema.optional(),
    unfreezeCommand: commandSchema.optional(),
  })
  .strict();

const waitForLagStep = z
  .object({
    type: z.literal("wait-for-lag"),
    ...base,
    /** Replication lag (as time) must be at or under this before promotion. */
    maxLag: duration,
    timeout: duration.prefault("5m"),
    pollEvery: duration.prefault("5s"),
  })
  .strict();

const promoteStep = z.discriminatedUnion("method", [
  z
    .object({
      type: z.literal("promote"),
      ...base,
      ...moves,
      /** Aurora global database: SwitchoverGlobalCluster (no data loss) or, with the primary gone, FailoverGlobalCluster + AllowDataLoss. */
      method: z.literal("aurora-global"),
      globalCluster: z.string().min(1),
      /** Target region → DB cluster ARN to promote there. */
      targetCluster: byTargetRegion(z.string().min(1)),
      /** RDS API region per target region (defaults to the target region). */
      apiRegion: byTargetRegion(z.string()).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("promote"),
      ...base,
      ...moves,
      /** RDS PromoteReadReplica: the replica becomes a standalone primary. */
      method: z.literal("rds-promote"),
      replica: byTargetRegion(z.string().min(1)),
    })
    .strict(),
  z
    .object({ type: z.literal("promote"), ...base, ...moves, method: z.literal("command"), command: byTargetRegion(commandSchema) })
    .strict(),
]);

const scaleStep = z
  .object({
    type: z.literal("scale"),
    ...base,
    ...moves,
    /** Target region → cluster id (config `clusters`). */
    cluster: byTargetRegion(z.string()),
    workloads: z
      .array(
        z
          .object({
            namespace: z.string().min(1),
            name: z.string().min(1),
            kind: z.enum(["deployment", "statefulset"]).default("deployment"),
            replicas: z.number().int().min(0).max(10_000),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const route53RecordSet = z.object({ setIdentifier: z.string().min(1), values: z.array(z.string().min(1)).min(1) }).strict();

const shiftTrafficStep = z.discriminatedUnion("method", [
  z
    .object({
      type: z.literal("shift-traffic"),
      ...base,
      ...moves,
      /** Weighted records: the target's set gets `weight`, every other region's set 0. */
      method: z.literal("route53-weighted"),
      hostedZoneId: z.string().min(1),
      record: z.string().min(1),
      recordType: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
      ttl: z.number().int().min(0).default(60),
      weight: z.number().int().min(1).max(255).default(100),
      /** Region → the record set that sends traffic there. */
      sets: z.record(z.string(), route53RecordSet),
    })
    .strict(),
  z
    .object({
      type: z.literal("shift-traffic"),
      ...base,
      ...moves,
      /** Failover records: the target's set becomes PRIMARY, the source's SECONDARY. */
      method: z.literal("route53-failover"),
      hostedZoneId: z.string().min(1),
      record: z.string().min(1),
      recordType: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
      ttl: z.number().int().min(0).default(60),
      sets: z.record(z.string(), route53RecordSet.extend({ healthCheckId: z.string().optional() })),
    })
    .strict(),
  z
    .object({
      type: z.literal("shift-traffic"),
      ...base,
      ...moves,
      /** Route 53 ARC: the target's routing control On, every other region's Off. */
      method: z.literal("route53-arc"),
      /** Cluster endpoints, tried in turn (ARC's guidance: any one of the five answers). */
      clusterEndpoints: z.array(z.object({ url: z.string().url(), region: z.string() }).strict()).min(1),
      /** Region → routing control ARN. */
      controls: z.record(z.string(), z.string().min(1)),
      safetyRulesToOverride: z.array(z.string()).default([]),
    })
    .strict(),
]);

const verifyStep = z
  .object({
    type: z.literal("verify"),
    ...base,
    /** The target region's SLIs must stay healthy this long without a break. */
    healthyFor: duration,
    timeout: duration.prefault("15m"),
    pollEvery: duration.prefault("10s"),
  })
  .strict();

// Discriminated on `type` (promote and shift-traffic again on `method`), so a bad field is reported
// against its own step type rather than as "matches none of seven".
export const runbookStepSchema = z.discriminatedUnion("type", [precheckStep, freezeWritesStep, waitForLagStep, promoteStep, scaleStep, shiftTrafficStep, verifyStep]);
export type RunbookStep = z.infer<typeof runbookStepSchema>;
export type StepType = RunbookStep["type"];
export type StepOf<T extends StepType> = Extract<RunbookStep, { type: T }>;
export const STEP_TYPES = ["precheck", "freeze-writes", "wait-for-lag", "promote", "scale", "shift-traffic", "verify"] as const satisfies readonly StepType[];

/**
 * Where drills of a runbook can run instead of production: a rehearsal stack (staging database,
 * records, namespaces). Per step name, the fields that point the step there; every step that would
 * change production must have one, so a drill against the target cannot touch production.
 */
export const drillTargetSchema = z
  .object({
    name: z.string().min(1).max(80),
    steps: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict();
export type DrillTarget = z.infer<typeof drillTargetSchema>;

export const runbookConfigSchema = z
  .object({
    service: z.string(),
    name: z.string().optional(),
    drillTarget: drillTargetSchema.optional(),
    /** Target recovery time (request → verified) and point (data loss) the drills are measured against. */
    rto: duration.prefault("15m"),
    rpo: duration.prefault("1m"),
    /** A drill older than this is flagged, and readiness counts it against the service. */
    drillMaxAge: duration.prefault("90d"),
    steps: z.array(runbookStepSchema).min(1),
  })
  .strict()
  .superRefine((rb, ctx) => {
    const names = new Map<string, number>();
    rb.steps.forEach((s, i) => {
      const n = getStepName(s);
      if (names.has(n)) ctx.addIssue({ code: "custom", path: ["steps", i, "name"], message: `duplicate step name "${n}" (also step ${names.get(n)! + 1}); give one a name` });
      names.set(n, i);
    });
    const first = (t: StepType) => rb.steps.findIndex((s) => s.type === t);
    const promote = first("promote");
    if (first("precheck") > 0) ctx.addIssue({ code: "custom", path: ["steps", first("precheck")], message: "precheck must be the first step" });
    if (first("wait-for-lag") >= 0 && promote >= 0 && first("wait-for-lag") > promote)
      ctx.addIssue({ code: "custom", path: ["steps", first("wait-for-lag")], message: "wait-for-lag must come before promote" });
    if (first("freeze-writes") >= 0 && promote >= 0 && first("freeze-writes") > promote)
      ctx.addIssue({ code: "custom", path: ["steps", first("freeze-writes")], message: "freeze-writes must come before promote" });
    if (rb.steps.filter((s) => s.type === "promote").length > 1) ctx.addIssue({ code: "custom", path: ["steps"], message: "at most one promote step (the data-loss estimate is taken at it)" });
    if (rb.drillTarget) {
      const byName = new Map(rb.steps.map((s) => [getStepName(s), s]));
      for (const [stepName, fields] of Object.entries(rb.drillTarget.steps)) {
        const step = byName.get(stepName);
        if (!step) ctx.addIssue({ code: "custom", path: ["drillTarget", "steps", stepName], message: `no step named "${stepName}" (steps: ${[...byName.keys()].join(", ")})` });
        else if ("type" in fields || "method" in fields) ctx.addIssue({ code: "custom", path: ["drillTarget", "steps", stepName], message: "a drill target changes where a step acts, not its type or method" });
        else {
          const merged = runbookStepSchema.safeParse({ ...step, ...fields });
          if (!merged.success) for (const issue of merged.error.issues) ctx.addIssue({ code: "custom", path: ["drillTarget", "steps", stepName, ...issue.path.map(String)], message: issue.message });
        }
      }
      for (const step of rb.steps)
        if (changesProduction(step) && !(getStepName(step) in rb.drillTarget.steps))
          ctx.addIssue({ code: "custom", path: ["drillTarget", "steps"], message: `step "${getStepName(step)}" would change production during a drill: say where it acts on ${rb.drillTarget.name}` });
    }
  });
export type RunbookConfig = z.infer<typeof runbookConfigSchema>;

const DEFAULT_STEP_NAMES: Record<StepType, string> = {
  precheck: "Precheck readiness",
  "freeze-writes": "Freeze writes",
  "wait-for-lag": "Wait for replication lag",
  promote: "Promote replica",
  scale: "Scale up target",
  "shift-traffic": "Shift traffic",
  verify: "Verify target SLIs",
};

export function getStepName(step: RunbookStep): string {
  return step.name ?? DEFAULT_STEP_NAMES[step.type];
}

/** Whether running the step touches infrastructure (read-only steps and a freeze without commands do not). */
export function changesProduction(step: RunbookStep): boolean {
  if (step.type === "freeze-writes") return Boolean(step.command || step.unfreezeCommand);
  return step.type === "promote" || step.type === "scale" || step.type === "shift-traffic";
}

/** The runbook as a drill against its drill target runs it: each step pointed at the target. Null without one. */
export function getDrillTargetRunbook(rb: RunbookConfig): RunbookConfig | null {
  if (!rb.drillTarget) return null;
  const overrides = rb.drillTarget.steps;
  // Validated with the configuration; parsed again so defaults apply to the merged step.
  const steps = rb.steps.map((s) => (overrides[getStepName(s)] ? runbookStepSchema.parse({ ...s, ...overrides[getStepName(s)], name: getStepName(s) }) : s));
  return { ...rb, steps };
}

/** Regions a step has parameters for (the keys of its per-target-region maps), or null when it has none. */
export function getStepRegions(step: RunbookStep): string[] | null {
  switch (step.type) {
    case "promote":
      return Object.keys(step.method === "aurora-global" ? step.targetCluster : step.method === "rds-promote" ? step.replica : step.command);
    case "scale":
      return Object.keys(step.cluster);
    case "shift-traffic":
      return Object.keys(step.method === "route53-arc" ? step.controls : step.sets);
    default:
      return null;
  }
}

/** The regions a runbook can fail over TO: every region all its region-keyed steps cover. */
export function getRunbookTargets(rb: RunbookConfig): string[] | null {
  let out: string[] | null = null;
  for (const s of rb.steps) {
    const r = getStepRegions(s);
    if (r) out = out ? out.filter((x) => r.includes(x)) : r;
  }
  return out;
}

/**
 * Cross-references a runbook against the rest of the config (called from the config's
 * superRefine): regions, clusters and moved services must exist.
 */
export function addRunbookIssues(
  rb: RunbookConfig,
  path: (string | number)[],
  known: { regions: Set<string>; services: Set<string>; clusters: Map<string, string> },
  ctx: z.RefinementCtx,
): void {
  rb.steps.forEach((s, i) => {
    for (const r of getStepRegions(s) ?? [])
      if (!known.regions.has(r)) ctx.addIssue({ code: "custom", path: [...path, "steps", i], message: `unknown region "${r}"` });
    if ("services" in s && s.services)
      for (const svc of s.services)
        if (!known.services.has(svc)) ctx.addIssue({ code: "custom", path: [...path, "steps", i, "services"], message: `unknown service "${svc}"` });
    if (s.type === "scale")
      for (const [region, cluster] of Object.entries(s.cluster)) {
        const at = known.clusters.get(cluster);
        if (at === undefined) ctx.addIssue({ code: "custom", path: [...path, "steps", i, "cluster", region], message: `unknown cluster "${cluster}"` });
        else if (at !== region) ctx.addIssue({ code: "custom", path: [...path, "steps", i, "cluster", region], message: `cluster "${cluster}" is in ${at}, not ${region}` });
      }
  });
}

/** Every service a runbook moves: its own plus those its steps name. */
export function getRunbookServices(rb: RunbookConfig): string[] {
  const out = new Set([rb.service]);
  for (const s of rb.steps) if ("services" in s && s.services) for (const x of s.services) out.add(x);
  return [...out];
}

/** The services one step moves: those it names, else (promote, shift-traffic) the runbook's service. */
export function getStepServices(step: RunbookStep, rb: Pick<RunbookConfig, "service">): string[] {
  if ("services" in step && step.services) return step.services;
  return step.type === "promote" || step.type === "shift-traffic" ? [rb.service] : [];
}
