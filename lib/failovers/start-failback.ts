import "server-only";
import type { FailoverRun } from "@/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Tx } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { getInstanceLabel } from "@/lib/jobs/instance";
import { getStepName } from "@/lib/runbooks/config-schema";
import { getDataLossSkipReason } from "./execute-runbook";
import { describeStep, getRunbook, predictPath } from "./preflight";
import { readPreflight, toJson, type StoredPreflight } from "./run-record";
import { getCurrentRunbookVersion } from "./run-policy";

// A round-trip drill leaves production as it was: when its first leg succeeds, the fail-back leg
// (same runbook, the other way) starts in the same transaction, under the approvals the drill got.
// Both legs are runs of their own: each has its steps, its RTO, its topology record and its ledger row.

export type FailbackPlan = { preflight: StoredPreflight; runbookVersionNow: string };

/** The fail-back leg's preflight, read before the final transaction (it reads the fleet). */
export async function prepareFailbackLeg(run: FailoverRun): Promise<FailbackPlan> {
  const forward = readPreflight(run.preflight);
  const from = run.toRegion;
  const to = run.fromRegion;
  const runbook = getRunbook(run.service);
  // The region just left is normally up (planned path); when that cannot be read, planned is assumed and the precheck decides.
  const path = await predictPath(from).catch(() => "planned" as const);
  const preflight: StoredPreflight = {
    ...forward,
    from,
    to,
    // Its precheck step reads readiness when it runs: the fleet has only just moved.
    readiness: null,
    expectedDataLossSec: null,
    expectedDataLoss: undefined,
    path,
    versions: forward.versions.map((v) => ({ service: v.service, active: v.target, target: v.active })),
    steps: runbook.steps.map((s, i) => ({ index: i, type: s.type, name: getStepName(s), detail: describeStep(s, to), skippedOnPath: path === "data-loss" ? getDataLossSkipReason(s, from) : null })),
    drill: forward.drill ? { ...forward.drill, failback: null, failbackOf: { id: run.id, number: run.number } } : undefined,
    // The drill's precheck override was given for its first leg, not for coming back.
    override: null,
    execution: { holder: getInstanceLabel(), path },
  };
  return { preflight, runbookVersionNow: getCurrentRunbookVersion(run.service) };
}

/**
 * Creates and (when the runbook is still the one approved) starts the fail-back leg, inside the
 * first leg's final transaction. A runbook changed since the approval is not run on that approval:
 * the leg waits in `requested` for new approvals instead.
 */
export async function startFailbackLeg(tx: Tx, run: FailoverRun, plan: FailbackPlan, job: { actor: { id: string; name: string }; requestId: string | null }) {
  const approved = plan.runbookVersionNow === run.runbookVersion;
  const now = new Date();
  const leg = await tx.failoverRun.create({
    data: {
      service: run.service,
      fromRegion: run.toRegion,
      toRegion: run.fromRegion,
      runbookVersion: approved ? run.runbookVersion : plan.runbookVersionNow,
      mode: "drill",
      drillKind: "round-trip",
      parentRunId: run.id,
      state: approved ? "running" : "requested",
      requestedById: run.requestedById,
      requestedByName: run.requestedByName,
      reason: `fail-back of drill #${run.number}`,
      preflight: toJson(approved ? plan.preflight : { ...plan.preflight, execution: undefined }),
      startedAt: approved ? now : null,
      heartbeatAt: approved ? now : null,
    },
  });
  if (approved) await enqueueJob(tx, "execute-failover", { runId: leg.id, actor: job.actor, requestId: job.requestId }, { maxAttempts: 1, jobKey: `failover:${leg.id}` });
  await appendAuditEvent(tx, {
    actor: job.actor,
    action: approved ? "failover.failback-started" : "failover.failback-requested",
    target: { type: "failover-run", id: leg.id },
    reason: approved ? null : "the runbook changed since the drill was approved: the fail-back needs new approvals",
    details: { drill: run.id, drillNumber: run.number, service: run.service, from: run.toRegion, to: run.fromRegion, runbookVersion: leg.runbookVersion },
    requestId: job.requestId ?? undefined,
  });
  return { id: leg.id, number: leg.number, state: leg.state };
}
