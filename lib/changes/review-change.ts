import "server-only";
import { viaDetails, type Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { notifyChange } from "@/lib/notifications/webhook";
import { getSummaryHead, getWorkspacePolicy, toPolicyApproval } from "./change-policy";
import { lockChange } from "./lock-change";
import { canReview, evaluatePolicy, getApprovalExpiry } from "./policy";
import { changeUrl } from "./record-change";
import type { ReviewChangeBody } from "./schemas";
import { assertWorkspaceScope } from "./workspaces";

type Refusal = { refused: string; status: 403 | 409; current: string };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code?: string }).code === "P2002";
}

/**
 * Approve or reject a change, bound to the plan hash the reviewer saw, in one transaction that locks
 * the change row and re-reads its approvals: two approvers at the same instant are serialised, and
 * the second sees the first's approval when it counts toward the policy. The requester never
 * approves (403); a hash that is no longer the change's plan is a 409; one live approval per
 * approver per plan hash (a unique index backs the check).
 */
export async function reviewChange(actor: Actor, id: string, decision: "approve" | "reject", body: ReviewChangeBody, requestId?: string) {
  const who = { id: actor.id, name: actor.username };
  const now = new Date();
  let outcome: { id: string; state: string; decision: "approve" | "reject"; planSha256: string; expiresAt: string; becameApproved: boolean; planLine: string | null; number: number; workspace: string; title: string } | Refusal;
  try {
    outcome = await decide("change", async (tx) => {
      const change = await lockChange(tx, id);
      if (!change) throw new NotFoundError("No change request with that id.");
      assertWorkspaceScope(actor, change.workspace);
      const policy = getWorkspacePolicy(change.workspace);
      const policyChange = { state: change.state, requesterId: change.requestedById, planSha256: change.planSha256, workspace: change.workspace };
      const approvals = change.approvals.map(toPolicyApproval);
      const check = canReview({ id: actor.id, role: actor.role }, policyChange, policy, { decision, planSha256: body.planSha256 }, approvals, now);
      if (!check.ok) return { refused: check.message, status: check.status === 403 ? 403 : 409, current: change.planSha256 } satisfies Refusal;
      // An expired approval of this plan by the same person frees its place for the new one.
      await tx.changeApproval.updateMany({ where: { changeId: id, approverId: actor.id, planSha256: body.planSha256, invalidatedAt: null, expiresAt: { lte: now } }, data: { invalidatedAt: now } });
      const approval = await tx.changeApproval.create({
        data: { changeId: id, approverId: actor.id, approverName: actor.username, role: actor.role, decision, planSha256: body.planSha256, comment: body.comment ?? null, createdAt: now, expiresAt: getApprovalExpiry(now, policy) },
      });
      let state = change.state;
      if (decision === "reject") {
        const moved = await tx.changeRequest.updateMany({ where: { id, state: { in: ["proposed", "approved"] } }, data: { state: "rejected", finishedAt: now } });
        if (moved.count !== 1) throw new ConflictError("The change moved on while you reviewed it: reload it and look again.");
        state = "rejected";
      } else {
        const evaluated = evaluatePolicy({ change: policyChange, approvals: [...approvals, toPolicyApproval(approval)], policy, now, sloGate: { blocked: false, reasons: [] }, override: null });
        if (change.state === "proposed" && evaluated.counted.length >= evaluated.required) {
          const moved = await tx.changeRequest.updateMany({ where: { id, state: "proposed", planRevision: change.planRevision }, data: { state: "approved" } });
          if (moved.count !== 1) throw new ConflictError("The change moved on while you reviewed it: reload it and look again.");
          state = "approved";
        }
      }
      await appendAuditEvent(tx, {
        actor: who,
        action: decision === "approve" ? "change.approved" : "change.rejected",
        target: { type: "change", id },
        reason: body.comment ?? null,
        details: { planSha256: body.planSha256, planRevision: change.planRevision, role: actor.role, state, expiresAt: approval.expiresAt.toISOString(), ...viaDetails(actor) },
        requestId,
      });
      const becameApproved = state === "approved" && change.state !== "approved";
      // Read here, on the decision's connection: the notification must not wait for a busy pool.
      const planLine = becameApproved ? (await getSummaryHead(id, tx)).planLine : null;
      return { id, state, decision, planSha256: body.planSha256, expiresAt: approval.expiresAt.toISOString(), becameApproved, planLine, number: change.number, workspace: change.workspace, title: change.title };
    });
  } catch (error) {
    if (isUniqueViolation(error)) outcome = { refused: `You already reviewed this plan.`, status: 409, current: body.planSha256 };
    else if (error instanceof ConflictError) outcome = { refused: error.message, status: 409, current: body.planSha256 };
    else throw error;
  }

  if ("refused" in outcome) {
    await recordAuditEvent({
      actor: who,
      action: `change.${decision === "approve" ? "approve" : "reject"}-refused`,
      target: { type: "change", id },
      outcome: outcome.status === 403 ? "denied" : "failure",
      reason: outcome.refused,
      details: { planSha256: body.planSha256, current: outcome.current, ...viaDetails(actor) },
      requestId,
    });
    throw outcome.status === 403 ? new ForbiddenError(outcome.refused) : new ConflictError(outcome.refused, { planSha256: outcome.current });
  }
  if (outcome.becameApproved) notifyChange({ event: "approved", changeNumber: outcome.number, changeId: id, workspace: outcome.workspace, title: outcome.title, actor: actor.username, planLine: outcome.planLine, url: changeUrl(id) });
  const { id: changeId, state, planSha256, expiresAt } = outcome;
  return { id: changeId, state, decision, planSha256, expiresAt };
}
