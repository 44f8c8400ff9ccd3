import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { STALE_AFTER_MS } from "@/lib/jobs/heartbeat";
import { lockChange } from "./lock-change";
import { assertWorkspaceScope } from "./workspaces";

/**
 * An operator releases, from any replica, the workspace lock a crashed or killed apply left behind,
 * after checking the state by hand. Refused while the apply's runner still heartbeats. A change
 * still marked `applying` becomes `failed`; nothing is re-run.
 */
export async function releaseWorkspaceLock(actor: Actor, id: string, requestId?: string) {
  const who = { id: actor.id, name: actor.username };
  try {
    return await decide("change", async (tx) => {
      const change = await lockChange(tx, id);
      if (!change) throw new NotFoundError("No change request with that id.");
      assertWorkspaceScope(actor, change.workspace);
      const alive = change.state === "applying" && change.heartbeatAt !== null && Date.now() - change.heartbeatAt.getTime() < STALE_AFTER_MS;
      if (alive) throw new ConflictError(`The apply of this change is still running on ${change.runnerId ?? "a replica"} (heartbeat ${change.heartbeatAt?.toISOString()}); wait for it to end.`, { runner: change.runnerId });
      const lock = await tx.workspaceLock.findUnique({ where: { workspace: change.workspace } });
      if (!lock || lock.changeId !== id) throw new ConflictError(`Change ${id} holds no lock on ${change.workspace}.`, { lockedBy: lock?.changeId ?? null });
      const deleted = await tx.workspaceLock.deleteMany({ where: { workspace: change.workspace, changeId: id } });
      if (deleted.count !== 1) throw new ConflictError("The lock was released meanwhile.");
      let state = change.state;
      if (change.state === "applying") {
        await tx.changeRequest.update({ where: { id }, data: { state: "failed", finishedAt: new Date(), heartbeatAt: null } });
        state = "failed";
      }
      await appendAuditEvent(tx, { actor: who, action: "change.lock-released", target: { type: "change", id }, details: { workspace: change.workspace, holder: lock.holder, acquiredAt: lock.acquiredAt.toISOString(), state }, requestId });
      return { id, workspace: change.workspace, released: true, state };
    });
  } catch (error) {
    if (error instanceof ConflictError) await recordAuditEvent({ actor: who, action: "change.lock-release-refused", target: { type: "change", id }, outcome: "failure", reason: error.message, requestId });
    throw error;
  }
}
