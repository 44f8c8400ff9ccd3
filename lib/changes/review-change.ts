import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { notifyChange } from "@/lib/notifications/webhook";
import { getSummaryHead, getWorkspacePolicy, toPolicyApproval } from "./change-policy";
import { canReview, evaluatePolicy, getApprovalExpiry } from "./policy";
import { changeUrl } from "./record-change";
import type { ReviewChangeBody } from "./schemas";
import { assertWorkspaceScope } from "./workspaces";

/**
 * Approve or reject a change, bound to the plan hash the reviewer saw. The requester never approves
 * (403); a hash that is no longer the change's plan is a 409. An approval that completes the policy's
 * count moves the change to `approved` with a conditional update on the same plan revision.
 */
export async function reviewChange(actor: Actor, id: string, decision: "approve" | "reject", body: ReviewChangeBody, requestId?: string) {
  const change = await db().changeRequest.findUnique({ where: { id }, omit: { planFile: true, planJson: true, summary: true, log: true }, include: { approvals: true } });
  if (!change) throw new NotFoundError("No change request with that id.");
  assertWorkspaceScope(actor, change.workspace);
  const policy = getWorkspacePolicy(change.workspace);
  const now = new Date();
  const policyChange = { state: change.state, requesterId: change.requestedById, planSha256: change.planSha256, workspace: change.workspace };
  const approvals = change.approvals.map(toPolicyApproval);
  const check = canReview({ id: actor.id, role: actor.role }, policyChange, policy, { decision, planSha256: body.planSha256 }, approvals, now);
  if (!check.ok) {
    await recordAuditEvent({
      actor: { id: actor.id, name: actor.username },
      action: `change.${decision === "approve" ? "approve" : "reject"}-refused`,
      target: { type: "change", id },
      outcome: check.status === 403 ? "denied" : "failure",
      reason: check.message,
      details: { planSha256: body.planSha256, current: change.planSha256 },
      requestId,
    });
    throw check.status === 403 ? new ForbiddenError(check.message) : new ConflictError(check.message, { planSha256: change.planSha256 });
  }

  const result = await db().$transaction(async (tx) => {
    // Guard: the plan, its revision and an open state must still be what the reviewer saw.
    const guard = await tx.changeRequest.updateMany({
      where: { id, planSha256: body.planSha256, planRevision: change.planRevision, state: { in: ["proposed", "approved"] } },
      data: { updatedAt: now },
    });
    if (guard.count === 0) throw new ConflictError("The change moved on while you reviewed it (new plan or new state): reload it and review again.");
    const approval = await tx.changeApproval.create({
      data: { changeId: id, approverId: actor.id, approverName: actor.username, role: actor.role, decision, planSha256: body.planSha256, comment: body.comment ?? null, createdAt: now, expiresAt: getApprovalExpiry(now, policy) },
    });
    let state = change.state;
    if (decision === "reject") {
      await tx.changeRequest.updateMany({ where: { id, state: { in: ["proposed", "approved"] } }, data: { state: "rejected", finishedAt: now } });
      state = "rejected";
    } else {
      const all = [...approvals, toPolicyApproval(approval)];
      const evaluated = evaluatePolicy({ change: policyChange, approvals: all, policy, now, sloGate: { blocked: false, reasons: [] }, override: null });
      if (change.state === "proposed" && evaluated.counted.length >= evaluated.required) {
        await tx.changeRequest.updateMany({ where: { id, state: "proposed", planRevision: change.planRevision }, data: { state: "approved" } });
        state = "approved";
      }
    }
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: decision === "approve" ? "change.approved" : "change.rejected",
      target: { type: "change", id },
      reason: body.comment ?? null,
      details: { planSha256: body.planSha256, planRevision: change.planRevision, role: actor.role, state, expiresAt: approval.expiresAt.toISOString() },
      requestId,
    });
    return { id, state, decision, planSha256: body.planSha256, expiresAt: approval.expiresAt.toISOString() };
  });

  if (decision === "approve" && result.state === "approved" && change.state !== "approved") {
    const summary = await getSummaryHead(id);
    notifyChange({ event: "approved", changeNumber: change.number, changeId: id, workspace: change.workspace, title: change.title, actor: actor.username, planLine: summary.planLine, url: changeUrl(id) });
  }
  return result;
}
