import "server-only";
import type { FailoverRun } from "@/generated/prisma/client";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/http/errors";
import type { ReadinessReason, ReadinessVerdict } from "@/lib/replication/types";
import { buildDrillLedger, type DrillLedgerRow } from "./drills";
import type { FailoverBlocker } from "./policy";
import { COMMANDER_ROLES, REQUIRED_APPROVERS } from "./policy";
import { getRunbookTargets } from "@/lib/runbooks/config-schema";
import { evaluateRun, getCurrentRunbookVersion, getReadinessNow } from "./run-policy";
import { readPreflight, type ExecutionRecord, type StoredPreflight } from "./run-record";
import type { ListFailoversQuery } from "./schemas";

export type FailoverListItem = {
  id: string;
  number: number;
  service: string;
  from: string;
  to: string;
  mode: string;
  /** Drills: round-trip or target. */
  drillKind: string | null;
  /** A round trip's fail-back leg: the drill it belongs to. */
  parentRunId: string | null;
  state: string;
  requestedBy: string;
  reason: string | null;
  breakGlass: boolean;
  reviewRequired: boolean;
  precheckOverridden: boolean;
  path: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  rtoSeconds: number | null;
  dataLossSeconds: number | null;
};

export type FailoverStepDto = { id: string; index: number; type: string; name: string; isRollback: boolean; state: string; log: string; startedAt: string | null; finishedAt: string | null };
export type FailoverApprovalDto = { id: string; approver: string; approverId: string; role: string; runbookVersion: string; target: string; createdAt: string; invalidatedAt: string | null };

export type FailoverDetail = FailoverListItem & {
  requestedById: string;
  runbookVersion: string;
  currentRunbookVersion: string;
  breakGlassReason: string | null;
  promotedAt: string | null;
  verifiedAt: string | null;
  preflight: StoredPreflight;
  execution: ExecutionRecord | null;
  approvals: FailoverApprovalDto[];
  steps: FailoverStepDto[];
  /** For a run not started yet: whether it may run now and what blocks it. */
  policy: { canExecute: boolean; blockers: FailoverBlocker[]; satisfiedBy: string | null; counted: number; required: number; commanderRoles: string[] } | null;
  readinessNow: { verdict: ReadinessVerdict; reasons: ReadinessReason[] } | null;
  /** The worker running the steps, its last heartbeat, and who asked for an abort (any replica sees these). */
  runner: string | null;
  heartbeatAt: string | null;
  abortRequestedBy: string | null;
  done: boolean;
  /** The other leg of a round-trip drill: the fail-back this drill started, or the drill this fail-back belongs to. */
  otherLeg: { id: string; number: number; state: string; role: "failback" | "drill" } | null;
  /** Where the run left the services it moves, as recorded (succeeded production runs). */
  topology: Array<{ service: string; activeRegion: string | null; from: string }>;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function listItem(r: FailoverRun): FailoverListItem {
  const p = readPreflight(r.preflight);
  return {
    id: r.id,
    number: r.number,
    service: r.service,
    from: r.fromRegion,
    to: r.toRegion,
    mode: r.mode,
    drillKind: r.drillKind,
    parentRunId: r.parentRunId,
    state: r.state,
    requestedBy: r.requestedByName,
    reason: r.reason,
    breakGlass: r.breakGlass,
    reviewRequired: r.reviewRequired,
    precheckOverridden: p.override !== null && p.override !== undefined,
    path: p.execution?.path ?? p.path ?? null,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    rtoSeconds: r.rtoSeconds,
    dataLossSeconds: r.dataLossSeconds,
  };
}

export async function listFailovers(query: Partial<ListFailoversQuery> = {}, { states }: { states?: string[] } = {}): Promise<FailoverListItem[]> {
  const rows = await db().failoverRun.findMany({
    where: { ...(query.service ? { service: query.service } : {}), ...(query.mode ? { mode: query.mode } : {}), ...(query.state ? { state: query.state } : {}), ...(states ? { state: { in: states } } : {}) },
    orderBy: { number: "desc" },
    take: query.limit ?? 100,
  });
  return rows.map(listItem);
}

export async function getFailover(id: string): Promise<FailoverDetail> {
  const run = await db().failoverRun.findUnique({ where: { id }, include: { approvals: { orderBy: { createdAt: "asc" } }, steps: { orderBy: { index: "asc" }, include: { logChunks: { orderBy: { seq: "asc" }, select: { text: true } } } } } });
  if (!run) throw new NotFoundError("No failover with that id.");
  const open = run.state === "requested" || run.state === "approved";
  const readiness = open ? await getReadinessNow(run.service, run.toRegion) : null;
  const policy = open ? evaluateRun(run, readiness) : null;
  const preflight = readPreflight(run.preflight);
  const [other, recorded] = await Promise.all([
    run.parentRunId
      ? db().failoverRun.findUnique({ where: { id: run.parentRunId }, select: { id: true, number: true, state: true } }).then((r) => (r ? { ...r, role: "drill" as const } : null))
      : db().failoverRun.findFirst({ where: { parentRunId: run.id }, select: { id: true, number: true, state: true } }).then((r) => (r ? { ...r, role: "failback" as const } : null)),
    db().roleAssignment.findMany({ where: { failoverRunId: run.id, role: "active" }, select: { service: true, region: true, validFrom: true }, orderBy: { service: "asc" } }),
  ]);
  // A fail-back leg runs under the approvals its drill was given.
  const approvals = run.parentRunId && run.state !== "requested" ? await db().failoverApproval.findMany({ where: { runId: run.parentRunId }, orderBy: { createdAt: "asc" } }) : run.approvals;
  return {
    ...listItem(run),
    requestedById: run.requestedById,
    runbookVersion: run.runbookVersion,
    currentRunbookVersion: getCurrentRunbookVersion(run.service),
    breakGlassReason: run.breakGlassReason,
    promotedAt: iso(run.promotedAt),
    verifiedAt: iso(run.verifiedAt),
    preflight,
    execution: preflight.execution ?? null,
    approvals: approvals.map((a) => ({ id: a.id, approver: a.approverName, approverId: a.approverId, role: a.role, runbookVersion: a.runbookVersion, target: a.target, createdAt: a.createdAt.toISOString(), invalidatedAt: iso(a.invalidatedAt) })),
    steps: run.steps.map((s) => ({ id: s.id, index: s.index, type: s.type, name: s.name, isRollback: s.isRollback, state: s.state, log: s.logChunks.map((c) => c.text).join(""), startedAt: iso(s.startedAt), finishedAt: iso(s.finishedAt) })),
    policy: policy ? { canExecute: policy.canExecute, blockers: policy.blockers, satisfiedBy: policy.satisfiedBy, counted: policy.counted.length, required: REQUIRED_APPROVERS, commanderRoles: [...COMMANDER_ROLES] } : null,
    readinessNow: readiness ? { verdict: readiness.verdict, reasons: readiness.reasons } : null,
    runner: run.runnerId,
    heartbeatAt: iso(run.heartbeatAt),
    abortRequestedBy: run.abortRequestedBy,
    done: !open && !["running", "rolling-back"].includes(run.state),
    otherLeg: other,
    topology: recorded.map((r) => ({ service: r.service, activeRegion: r.region, from: r.validFrom.toISOString() })),
  };
}

/** The drill ledger: one row per runbook (drills with their fail-back legs; real failovers count as exercised). */
export async function listDrillLedger(now = Date.now()): Promise<DrillLedgerRow[]> {
  const runs = await db().failoverRun.findMany({
    where: { finishedAt: { not: null } },
    select: { id: true, number: true, service: true, fromRegion: true, toRegion: true, state: true, finishedAt: true, rtoSeconds: true, dataLossSeconds: true, mode: true, drillKind: true, parentRunId: true },
  });
  return buildDrillLedger(
    getConfig().runbooks,
    runs.map((d) => ({ id: d.id, number: d.number, service: d.service, from: d.fromRegion, to: d.toRegion, state: d.state, finishedAt: d.finishedAt, rtoSeconds: d.rtoSeconds, dataLossSeconds: d.dataLossSeconds, mode: d.mode, drillKind: d.drillKind, parentRunId: d.parentRunId })),
    now,
  );
}

/** What the request form offers: each runbook's service, name, the regions it can go to and its drill target. */
export function listRunbookChoices(): Array<{ service: string; name: string; targets: string[]; drillTarget: string | null }> {
  const config = getConfig();
  return config.runbooks.map((rb) => ({ service: rb.service, name: rb.name ?? rb.service, targets: getRunbookTargets(rb) ?? config.regions.map((r) => r.id), drillTarget: rb.drillTarget?.name ?? null }));
}
export { predictFailoverPath } from "./providers";

/** Whether a failover run exists: its page decides a 404 before its loading state streams. */
export async function failoverRunExists(id: string): Promise<boolean> {
  return (await db().failoverRun.count({ where: { id } })) > 0;
}
