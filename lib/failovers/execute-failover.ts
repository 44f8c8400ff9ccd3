import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { getConfig } from "@/lib/config/store";
import { decide } from "@/lib/db/decision";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { getInstanceLabel } from "@/lib/jobs/instance";
import { resolveRunbookFor } from "./drill-target";
import { notifyFailover } from "./notify-failover";
import { getRunbook, predictPath } from "./preflight";
import { failoverProviders } from "./providers";
import { setRunHooks, type ExecuteHooks } from "./run-hooks";
import { evaluateRun, getReadinessNow, lockRun, voidApprovalsIfReadinessDropped } from "./run-policy";
import { failoverUrl, readPreflight, toJson, type ExecutionRecord } from "./run-record";
import type { ExecuteFailoverBody } from "./schemas";

export type { ExecuteHooks } from "./run-hooks";

const OPEN_STATES = ["requested", "approved"];

type Refusal = { refused: string; details: AuditDetails };

/**
 * Starts an approved failover (or, for an incident commander with a written reason, an unapproved
 * one: break-glass, flagged for review). One transaction decides: it locks the run, re-reads its
 * approvals and the readiness now, re-evaluates the policy, moves it to `running` and enqueues the
 * job that runs the steps on whichever replica picks it up.
 */
export async function executeFailover(actor: Actor, id: string, body: ExecuteFailoverBody, requestId?: string, hooks: ExecuteHooks = {}) {
  const who = { id: actor.id, name: actor.username };
  if (body.breakGlass && !can(actor.role, "failovers.break-glass")) {
    await recordAuditEvent({ actor: who, action: "failover.break-glass-denied", target: { type: "failover-run", id }, outcome: "denied", reason: `role ${actor.role} may not break glass`, requestId });
    throw new ForbiddenError("Break-glass is for incident commanders.");
  }
  // Only tests pass hooks; set before the job can be picked up, found by the job if it runs in this process.
  if (Object.keys(hooks).length) setRunHooks(id, hooks);
  let decided: { number: number; service: string; from: string; to: string; mode: string; breakGlass: boolean; reviewRequired: boolean; path: ExecutionRecord["path"] } | Refusal;
  try {
    decided = await decide("failover", async (tx) => {
      let run = await lockRun(tx, id);
      if (!run) throw new NotFoundError("No failover with that id.");
      if (!OPEN_STATES.includes(run.state)) return { refused: `The failover is ${run.state}; it runs at most once.`, details: { state: run.state } } satisfies Refusal;
      // The runbook this run would execute; a drill whose drill target is gone is refused here (409, audited).
      const { runbook } = resolveRunbookFor(getRunbook(run.service), run.drillKind);
      if (!hooks.executors) {
        // Live executors are built from config and secrets now, so missing ones refuse the run before it starts.
        const missing = (await failoverProviders()).missingForRun(getConfig(), runbook, run.toRegion);
        if (missing.length) return { refused: `Live failover executors are not configured for the ${run.service} runbook: set ${missing.join("; ")}.`, details: { missing } };
      }
      const readinessNow = await getReadinessNow(run.service, run.toRegion);
      run = await voidApprovalsIfReadinessDropped(tx, run, readinessNow, requestId);
      const policy = evaluateRun(run, readinessNow, body.breakGlass ? { actorId: actor.id, role: actor.role, reason: body.reason ?? "" } : null);
      if (!policy.canExecute) return { refused: `Execution blocked: ${policy.blockers.map((b) => b.message).join("; ")}.`, details: { blockers: policy.blockers } };

      const preflight = readPreflight(run.preflight);
      const path = hooks.path ?? (await predictPath(run.fromRegion));
      const execution: ExecutionRecord = { holder: getInstanceLabel(), path };
      const breakGlass = policy.satisfiedBy === "break-glass";
      const moved = await tx.failoverRun.updateMany({
        where: { id, state: run.state },
        data: { state: "running", startedAt: new Date(), heartbeatAt: new Date(), runnerId: null, breakGlass, breakGlassReason: breakGlass ? (body.reason ?? null) : null, reviewRequired: policy.reviewRequired, preflight: toJson({ ...preflight, execution }) },
      });
      if (moved.count !== 1) throw new ConflictError("This failover is already running or has finished; it runs at most once.");
      await enqueueJob(tx, "execute-failover", { runId: id, actor: who, requestId: requestId ?? null }, { maxAttempts: 1, jobKey: `failover:${id}` });
      await appendAuditEvent(tx, {
        actor: who,
        action: breakGlass ? "failover.break-glass" : "failover.started",
        target: { type: "failover-run", id },
        reason: breakGlass ? (body.reason ?? null) : null,
        details: { service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, path, satisfiedBy: policy.satisfiedBy, reviewRequired: policy.reviewRequired, approvals: policy.counted.map((a) => a.approverName ?? a.approverId), precheckOverride: preflight.override, acceptedBy: execution.holder },
        requestId,
      });
      return { number: run.number, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, breakGlass, reviewRequired: policy.reviewRequired, path };
    });
  } catch (error) {
    if (error instanceof ConflictError) decided = { refused: error.message, details: error.extra as AuditDetails };
    else throw error;
  }
  if ("refused" in decided) {
    await recordAuditEvent({ actor: who, action: "failover.execute-refused", target: { type: "failover-run", id }, outcome: "failure", reason: decided.refused, details: decided.details, requestId });
    throw new ConflictError(decided.refused, decided.details);
  }
  notifyFailover({ event: "started", runNumber: decided.number, runId: id, service: decided.service, from: decided.from, to: decided.to, mode: decided.mode, actor: actor.username, breakGlass: decided.breakGlass, detail: decided.breakGlass ? body.reason : undefined, url: failoverUrl(id) });
  return { id, number: decided.number, state: "running" as const, breakGlass: decided.breakGlass, reviewRequired: decided.reviewRequired, path: decided.path };
}
