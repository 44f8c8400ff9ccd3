import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { notifyFailover } from "./notify-failover";
import { getApproveDenial } from "./policy";
import { ensureFailoversRecovered } from "./recover-interrupted-failovers";
import { evaluateRun, getCurrentRunbookVersion, getReadinessNow, voidApprovalsIfReadinessDropped } from "./run-policy";
import { failoverUrl } from "./run-record";
import type { ApproveFailoverBody } from "./schemas";

/**
 * Records an approval bound to the runbook version and target the approver saw. Never the
 * requester's (403). The run moves to approved once the policy is met (one incident commander or two approvers).
 */
export async function approveFailover(actor: Actor, id: string, body: ApproveFailoverBody, requestId?: string) {
  await ensureFailoversRecovered();
  let run = await db().failoverRun.findUnique({ where: { id }, include: { approvals: true } });
  if (!run) throw new NotFoundError("No failover with that id.");
  const who = { id: actor.id, name: actor.username };
  const denial = getApproveDenial({ state: run.state, requesterId: run.requestedById, runbookVersion: run.runbookVersion, toRegion: run.toRegion }, { id: actor.id, role: actor.role });
  if (denial) {
    await recordAuditEvent({ actor: who, action: "failover.approve-denied", target: { type: "failover-run", id }, outcome: "denied", reason: denial, requestId });
    throw new ForbiddenError(`You cannot approve this failover: ${denial}.`);
  }
  const refuse = async (message: string, extra: AuditDetails = {}) => {
    await recordAuditEvent({ actor: who, action: "failover.approve-refused", target: { type: "failover-run", id }, outcome: "failure", reason: message, details: extra, requestId });
    return new ConflictError(message, extra);
  };
  if (!["requested", "approved"].includes(run.state)) throw await refuse(`The failover is ${run.state}; only a requested failover can be approved.`, { state: run.state });
  if (body.runbookVersion !== run.runbookVersion) throw await refuse(`You approved runbook version ${body.runbookVersion.slice(0, 12)}, but this failover was requested with ${run.runbookVersion.slice(0, 12)}. Reload and look again.`, { runbookVersion: run.runbookVersion });
  if (getCurrentRunbookVersion(run.service) !== run.runbookVersion) throw await refuse("The runbook changed after this failover was requested; request it again against the current runbook.");
  if (body.target !== run.toRegion) throw await refuse(`You approved a failover to ${body.target}, but this one goes to ${run.toRegion}.`, { target: run.toRegion });
  if (run.approvals.some((a) => a.approverId === actor.id && a.invalidatedAt === null)) throw await refuse("You have already approved this failover.");

  // Approvals given before a drop to not-ready no longer count; this one is given knowing the new verdict.
  const readinessNow = await getReadinessNow(run.service, run.toRegion);
  run = await voidApprovalsIfReadinessDropped(run, readinessNow, requestId);

  const result = await db().$transaction(async (tx) => {
    const approval = await tx.failoverApproval.create({
      data: { runId: id, approverId: actor.id, approverName: actor.username, role: actor.role, runbookVersion: body.runbookVersion, target: body.target },
    });
    const current = await tx.failoverRun.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
    const policy = evaluateRun(current, readinessNow);
    if (policy.canExecute && current.state === "requested") await tx.failoverRun.updateMany({ where: { id, state: "requested" }, data: { state: "approved" } });
    await appendAuditEvent(tx, {
      actor: who,
      action: "failover.approved",
      target: { type: "failover-run", id },
      reason: body.comment || null,
      details: { role: actor.role, runbookVersion: body.runbookVersion, target: body.target, verdictNow: readinessNow?.verdict ?? null, policySatisfied: policy.satisfiedBy, counted: policy.counted.map((a) => a.approverName ?? a.approverId) },
      requestId,
    });
    return { approval, policy };
  });
  const state = result.policy.canExecute ? "approved" : run.state;
  if (result.policy.canExecute)
    notifyFailover({ event: "approved", runNumber: run.number, runId: id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: actor.username, url: failoverUrl(id) });
  return { id, state, approvalId: result.approval.id, satisfiedBy: result.policy.satisfiedBy, blockers: result.policy.blockers };
}
