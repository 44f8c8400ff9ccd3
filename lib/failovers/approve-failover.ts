import "server-only";
import { viaDetails, type Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { decide } from "@/lib/db/decision";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { notifyFailover } from "./notify-failover";
import { getApproveDenial } from "./policy";
import { evaluateRun, getCurrentRunbookVersion, getReadinessNow, lockRun, voidApprovalsIfReadinessDropped } from "./run-policy";
import { failoverUrl } from "./run-record";
import type { ApproveFailoverBody } from "./schemas";

type Refusal = { refused: string; denied: boolean; details: AuditDetails };

/**
 * Records an approval bound to the runbook version and target the approver saw, in one transaction
 * that locks the run, re-reads its approvals and readiness, and moves it to approved once the policy
 * is met (one incident commander or two approvers). Never the requester's (403); one live approval
 * per approver per runbook version (a unique index backs the check).
 */
export async function approveFailover(actor: Actor, id: string, body: ApproveFailoverBody, requestId?: string) {
  const who = { id: actor.id, name: actor.username };
  let decided: { state: string; approvalId: string; satisfiedBy: string | null; blockers: unknown[]; canExecute: boolean; notice: { number: number; service: string; from: string; to: string; mode: string } } | Refusal;
  try {
    decided = await decide("failover", async (tx) => {
      let run = await lockRun(tx, id);
      if (!run) throw new NotFoundError("No failover with that id.");
      const denial = getApproveDenial({ state: run.state, requesterId: run.requestedById, runbookVersion: run.runbookVersion, toRegion: run.toRegion }, { id: actor.id, role: actor.role });
      if (denial) return { refused: `You cannot approve this failover: ${denial}.`, denied: true, details: {} } satisfies Refusal;
      if (!["requested", "approved"].includes(run.state)) return { refused: `The failover is ${run.state}; only a requested failover can be approved.`, denied: false, details: { state: run.state } };
      if (body.runbookVersion !== run.runbookVersion)
        return { refused: `You approved runbook version ${body.runbookVersion.slice(0, 12)}, but this failover was requested with ${run.runbookVersion.slice(0, 12)}. Reload and look again.`, denied: false, details: { runbookVersion: run.runbookVersion } };
      if (getCurrentRunbookVersion(run.service) !== run.runbookVersion) return { refused: "The runbook changed after this failover was requested; request it again against the current runbook.", denied: false, details: {} };
      if (body.target !== run.toRegion) return { refused: `You approved a failover to ${body.target}, but this one goes to ${run.toRegion}.`, denied: false, details: { target: run.toRegion } };
      if (run.approvals.some((a) => a.approverId === actor.id && a.invalidatedAt === null)) return { refused: "You have already approved this failover.", denied: false, details: {} };

      // Approvals given before a drop to not-ready no longer count; this one is given knowing the new verdict.
      const readinessNow = await getReadinessNow(run.service, run.toRegion);
      run = await voidApprovalsIfReadinessDropped(tx, run, readinessNow, requestId);
      const approval = await tx.failoverApproval.create({ data: { runId: id, approverId: actor.id, approverName: actor.username, role: actor.role, runbookVersion: body.runbookVersion, target: body.target } });
      const policy = evaluateRun({ ...run, approvals: [...run.approvals, approval] }, readinessNow);
      let state = run.state;
      if (policy.canExecute && run.state === "requested") {
        const moved = await tx.failoverRun.updateMany({ where: { id, state: "requested" }, data: { state: "approved" } });
        if (moved.count !== 1) throw new ConflictError("The failover moved on while you approved it; reload and look again.");
        state = "approved";
      }
      await appendAuditEvent(tx, {
        actor: who,
        action: "failover.approved",
        target: { type: "failover-run", id },
        reason: body.comment || null,
        details: { role: actor.role, runbookVersion: body.runbookVersion, target: body.target, verdictNow: readinessNow?.verdict ?? null, policySatisfied: policy.satisfiedBy, counted: policy.counted.map((a) => a.approverName ?? a.approverId), ...viaDetails(actor) },
        requestId,
      });
      return { state, approvalId: approval.id, satisfiedBy: policy.satisfiedBy, blockers: policy.blockers, canExecute: policy.canExecute, notice: { number: run.number, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode } };
    });
  } catch (error) {
    const unique = typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
    if (unique) decided = { refused: "You have already approved this failover.", denied: false, details: {} };
    else if (error instanceof ConflictError) decided = { refused: error.message, denied: false, details: error.extra as AuditDetails };
    else throw error;
  }
  if ("refused" in decided) {
    await recordAuditEvent({ actor: who, action: decided.denied ? "failover.approve-denied" : "failover.approve-refused", target: { type: "failover-run", id }, outcome: decided.denied ? "denied" : "failure", reason: decided.refused, details: { ...decided.details, ...viaDetails(actor) }, requestId });
    throw decided.denied ? new ForbiddenError(decided.refused) : new ConflictError(decided.refused, decided.details);
  }
  if (decided.canExecute) notifyFailover({ event: "approved", runNumber: decided.notice.number, runId: id, ...decided.notice, actor: actor.username, url: failoverUrl(id) });
  return { id, state: decided.state, approvalId: decided.approvalId, satisfiedBy: decided.satisfiedBy, blockers: decided.blockers };
}
