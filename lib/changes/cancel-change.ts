import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import type { CancelChangeBody } from "./schemas";
import { lockChange } from "./lock-change";
import { getStatesBefore } from "./state-machine";
import { assertWorkspaceScope } from "./workspaces";

/** Cancels a change before it is applied; a running apply is never cancelled from here. */
export async function cancelChange(actor: Actor, id: string, body: CancelChangeBody, requestId?: string) {
  return decide("change", async (tx) => {
    const change = await lockChange(tx, id);
    if (!change) throw new NotFoundError("No change request with that id.");
    assertWorkspaceScope(actor, change.workspace);
    const moved = await tx.changeRequest.updateMany({ where: { id, state: { in: getStatesBefore("cancelled") } }, data: { state: "cancelled", finishedAt: new Date() } });
    if (moved.count === 0) throw new ConflictError(`This change is ${change.state}; only a proposed or approved change can be cancelled.`, { state: change.state });
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "change.cancelled", target: { type: "change", id }, reason: body.reason ?? null, details: { from: change.state }, requestId });
    return { id, state: "cancelled" };
  });
}
