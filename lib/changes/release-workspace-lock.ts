import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { isApplyRunningHere } from "./running-applies";
import { assertWorkspaceScope } from "./workspaces";

/**
 * An operator releases the workspace lock a crashed or killed apply left behind, after checking the
 * state by hand. A change still marked `applying` becomes `failed`; nothing is re-run.
 */
export async function releaseWorkspaceLock(actor: Actor, id: string, requestId?: string) {
  if (isApplyRunningHere(id)) throw new ConflictError("The apply of this change is still running in this console; wait for it to end.");
  return db().$transaction(async (tx) => {
    const change = await tx.changeRequest.findUnique({ where: { id }, select: { id: true, state: true, workspace: true } });
    if (!change) throw new NotFoundError("No change request with that id.");
    assertWorkspaceScope(actor, change.workspace);
    const lock = await tx.workspaceLock.findUnique({ where: { workspace: change.workspace } });
    if (!lock || lock.changeId !== id) throw new ConflictError(`Change ${id} holds no lock on ${change.workspace}.`, { lockedBy: lock?.changeId ?? null });
    await tx.workspaceLock.delete({ where: { workspace: change.workspace } });
    let state = change.state;
    if (change.state === "applying") {
      await tx.changeRequest.updateMany({ where: { id, state: "applying" }, data: { state: "failed", finishedAt: new Date() } });
      state = "failed";
    }
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "change.lock-released", target: { type: "change", id }, details: { workspace: change.workspace, holder: lock.holder, acquiredAt: lock.acquiredAt.toISOString(), state }, requestId });
    return { id, workspace: change.workspace, released: true, state };
  });
}
