import { getConfig } from "@/lib/config/store";
import { DEPLOYMENTS_KIND, type RegionDeployments, type Workload } from "@/lib/deployments/types";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { listRegionSummaries } from "@/lib/regions/queries";
import { listSnapshotParts, regionOfKey } from "@/lib/snapshots/parts";
import { listReadinessRows, type ReadinessRow } from "@/lib/replication/queries";
import type { ReadinessReason, ReadinessVerdict } from "@/lib/replication/types";
import type { CredentialReason } from "./check-executor-credentials";
import { getRunbookServices, getRunbookTargets, getStepName, type RunbookConfig, type RunbookStep } from "@/lib/runbooks/config-schema";
import { getDataLossSkipReason } from "./execute-runbook";
import { getExpectedDataLoss, getPromotedServices, type ExpectedDataLoss } from "./expected-data-loss";
import { resolveRunbookFor } from "./drill-target";
import { failoverProviders, predictFailoverPath } from "./providers";
import { getRunbookVersion } from "./runbook-version";
import type { FailoverPath } from "./types";

/** What the requester and approvers see before anything runs; stored with the run as it was at request time. */
export type Preflight = {
  service: string;
  runbookName: string;
  runbookVersion: string;
  from: string;
  to: string;
  /** The service's readiness, plus (live) whether the runbook's AWS credentials work now: a failing one makes it not-ready. */
  readiness: { verdict: ReadinessVerdict; reasons: Array<ReadinessReason | CredentialReason>; evaluatedAt: string } | null;
  /** Current replication lag as seconds: what a promotion now would lose (expectedDataLoss.seconds, kept for the API and older runs). */
  expectedDataLossSec: number | null;
  /** The same with its age and links; absent on runs requested before it was stored. */
  expectedDataLoss?: ExpectedDataLoss;
  /** The path the runbook is expected to take: data-loss when the source region is gone. */
  path: FailoverPath;
  versions: Array<{ service: string; active: string | null; target: string | null }>;
  steps: Array<{ index: number; type: string; name: string; detail: string; skippedOnPath: string | null }>;
  targets: { rtoMs: number; rpoMs: number; drillMaxAgeMs: number };
  /** Whether a not-ready precheck may be overridden with a reason. */
  overrideAllowed: boolean;
  /** Drills only: what the drill does, shown before anyone approves. */
  drill?: DrillPlan;
};

export const DRILL_KINDS = ["round-trip", "target"] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/**
 * A round-trip drill runs the runbook and then its fail-back (approved together, both in the
 * ledger); a target drill runs against the runbook's declared drill target and leaves production alone.
 */
export type DrillPlan = {
  kind: DrillKind;
  /** The drill target's name (target drills). */
  target: string | null;
  /** The leg that brings production back (round-trip drills, first leg). */
  failback: { from: string; to: string } | null;
  /** Set on a fail-back leg: the drill it undoes. */
  failbackOf?: { id: string; number: number };
  summary: string;
};

/** The drill kind a request gets: the one asked for, else the drill target when the runbook declares one. */
export function resolveDrillKind(rb: RunbookConfig, mode: "failover" | "drill", asked?: DrillKind): DrillKind | null {
  if (mode !== "drill") return null;
  if (asked === "target" && !rb.drillTarget) throw new ValidationError(`The ${rb.service} runbook declares no drill target; request a round-trip drill (it fails back when done).`);
  return asked ?? (rb.drillTarget ? "target" : "round-trip");
}

export function describeDrill(rb: RunbookConfig, kind: DrillKind, from: string, to: string): DrillPlan {
  if (kind === "target") {
    const name = rb.drillTarget?.name ?? "?";
    return { kind, target: name, failback: null, summary: `Drill against ${name}: every step acts on the drill target; production stays in ${from}.` };
  }
  return { kind, target: null, failback: { from: to, to: from }, summary: `Round-trip drill in production: ${from} → ${to}, then the fail-back ${to} → ${from} starts when it succeeds. Approving approves both legs.` };
}

export function getRunbook(service: string): RunbookConfig {
  const rb = getConfig().runbooks.find((r) => r.service === service);
  if (!rb) throw new NotFoundError(`There is no runbook for service "${service}".`);
  return rb;
}

/** One line per step saying what it will touch in the target region. */
export function describeStep(step: RunbookStep, to: string): string {
  switch (step.type) {
    case "precheck":
      return step.allowOverride ? "readiness must not be not-ready (or an override with a reason)" : "readiness must not be not-ready (no override)";
    case "freeze-writes":
      return step.command ? `runs ${step.command.join(" ")}` : "stops writes in the source region";
    case "wait-for-lag":
      return `replication lag ≤ ${step.maxLag / 1000} s (timeout ${Math.round(step.timeout / 1000)} s)`;
    case "promote":
      if (step.method === "aurora-global") return `Aurora ${step.globalCluster}: promote ${step.targetCluster[to] ?? "?"} (switchover, or failover with data loss)`;
      if (step.method === "rds-promote") return `RDS PromoteReadReplica ${step.replica[to] ?? "?"}`;
      return `runs ${(step.command[to] ?? []).join(" ")}`;
    case "scale":
      return `${step.cluster[to] ?? "?"}: ${step.workloads.map((w) => `${w.namespace}/${w.name} → ${w.replicas}`).join(", ")}`;
    case "shift-traffic":
      if (step.method === "route53-arc") return `Route 53 ARC: ${to} routing control On, others Off`;
      return `Route 53 ${step.method === "route53-weighted" ? "weights" : "failover records"} for ${step.record} → ${step.sets[to]?.setIdentifier ?? "?"}`;
    case "verify":
      return `${to} SLIs healthy for ${step.healthyFor / 1000} s (timeout ${Math.round(step.timeout / 1000)} s)`;
  }
}

/** The path the runbook is expected to take from `from` now, as the fleet's providers see it. */
export const predictPath = predictFailoverPath;

/** Live: the source region is gone when its inventory says down, or every source there went dark. */
export async function predictLivePath(from: string): Promise<FailoverPath> {
  const { regions } = await listRegionSummaries();
  const health = regions.find((r) => r.id === from)?.health;
  return health === "down" || health === "unreachable" ? "data-loss" : "planned";
}

async function listVersions(services: string[], from: string, to: string): Promise<Preflight["versions"]> {
  const { parts } = await listSnapshotParts<RegionDeployments>(DEPLOYMENTS_KIND);
  const byRegion = new Map<string, Workload[]>();
  for (const p of parts) {
    const region = regionOfKey(p.key);
    byRegion.set(region, [...(byRegion.get(region) ?? []), ...p.data.workloads]);
  }
  const version = (region: string, service: string) => byRegion.get(region)?.find((w) => w.service === service)?.version ?? null;
  return services.map((service) => ({ service, active: version(from, service), target: version(to, service) }));
}

export function findReadinessRow(rows: ReadinessRow[], service: string, to: string): ReadinessRow | null {
  return rows.find((r) => r.service === service && r.to === to) ?? null;
}

/** The preflight for failing `service` over to `to` (or drilling it); 400 when the runbook cannot go there. */
export async function getFailoverPreflight(service: string, to: string, opts: { mode?: "failover" | "drill"; drillKind?: DrillKind } = {}): Promise<Preflight> {
  const configured = getRunbook(service);
  const drillKind = resolveDrillKind(configured, opts.mode ?? "failover", opts.drillKind);
  // A drill against the drill target runs (and so describes) the steps pointed there.
  const { runbook: rb } = resolveRunbookFor(configured, drillKind);
  const targets = getRunbookTargets(rb);
  if (targets && !targets.includes(to)) throw new ValidationError(`The ${service} runbook cannot fail over to ${to}; it covers ${targets.join(", ")}.`);
  const { readiness } = await listReadinessRows();
  const row = findReadinessRow(readiness, service, to);
  if (!row) {
    const here = readiness.filter((r) => r.service === service);
    throw new ValidationError(
      here.length ? `${service} is active in ${here[0].from}; it can fail over to ${here.map((r) => r.to).join(", ")}, not ${to}.` : `${service} has no dormant region to fail over to.`,
    );
  }
  const [path, versions, credentials] = await Promise.all([
    predictPath(row.from),
    listVersions(getRunbookServices(rb), row.from, to),
    // A simulated fleet's provider has no credentials to check.
    failoverProviders().then((p) => p.checkCredentials(getConfig(), rb, to)),
  ]);
  const precheck = rb.steps.find((s) => s.type === "precheck");
  // The services it promotes, not the one it is filed under: the Leaderboard's runbook belongs to its API and promotes its database.
  const dataLoss = getExpectedDataLoss(readiness, getPromotedServices(rb), row.from, to);
  const verdict: ReadinessVerdict = credentials.some((c) => c.verdict === "not-ready") ? "not-ready" : row.verdict;
  return {
    service,
    runbookName: rb.name ?? `${service} runbook`,
    runbookVersion: getRunbookVersion(configured),
    from: row.from,
    to,
    readiness: { verdict, reasons: [...row.reasons, ...credentials], evaluatedAt: row.evaluatedAt },
    expectedDataLossSec: dataLoss.seconds,
    expectedDataLoss: dataLoss,
    path,
    versions,
    steps: rb.steps.map((s, i) => ({ index: i, type: s.type, name: getStepName(s), detail: describeStep(s, to), skippedOnPath: path === "data-loss" ? getDataLossSkipReason(s, row.from) : null })),
    targets: { rtoMs: rb.rto, rpoMs: rb.rpo, drillMaxAgeMs: rb.drillMaxAge },
    overrideAllowed: precheck?.type === "precheck" ? precheck.allowOverride : true,
    ...(drillKind ? { drill: describeDrill(configured, drillKind, row.from, to) } : {}),
  };
}
