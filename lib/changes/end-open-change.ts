import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import type { Tx } from "@/lib/db/client";
import { lockChange } from "./lock-change";
import { getStatesBefore } from "./state-machine";

export type OutsideActor = { id: null; name: string };

/**
 * Ends an open change because of an event outside Meridian (a pull request pushed to or closed), in
 * the caller's decide() transaction: locks the row, re-reads its state and, only when it is still
 * proposed or approved (and, for a supersede, still planned for another commit than the new head),
 * moves it, voids its approvals on a supersede and audits the move. Anything else is left alone and
 * answered with why (a change already applying is never stopped from here).
 */
export async function endOpenChange(
  tx: Tx,
  by: OutsideActor,
  id: string,
  to: "superseded" | "cancelled",
  opts: { reason: string; unlessCommit?: string; details?: AuditDetails; requestId?: string },
): Promise<{ id: string; moved: boolean; state: string; approvalsVoided: number }> {
  const change = await lockChange(tx, id);
  if (!change) return { id, moved: false, state: "missing", approvalsVoided: 0 };
  const open = (getStatesBefore(to) as string[]).includes(change.state);
  if (!open || (opts.unlessCommit !== undefined && change.commitSha === opts.unlessCommit)) return { id, moved: false, state: change.state, approvalsVoided: 0 };
  const now = new Date();
  const moved = await tx.changeRequest.updateMany({ where: { id, state: change.state, planRevision: change.planRevision }, data: { state: to, finishedAt: now } });
  if (moved.count !== 1) return { id, moved: false, state: change.state, approvalsVoided: 0 };
  const voided = to === "superseded" ? await tx.changeApproval.updateMany({ where: { changeId: id, invalidatedAt: null }, data: { invalidatedAt: now } }) : { count: 0 };
  await appendAuditEvent(tx, {
    actor: by,
    action: to === "superseded" ? "change.superseded" : "change.cancelled",
    target: { type: "change", id },
    reason: opts.reason,
    details: { ...(opts.details ?? {}), from: change.state, commitSha: change.commitSha, approvalsVoided: voided.count },
    requestId: opts.requestId,
  });
  return { id, moved: true, state: to, approvalsVoided: voided.count };
}
