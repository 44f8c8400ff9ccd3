import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Actor } from "@/lib/auth/actor";
import { forgetActors } from "@/lib/auth/actor-cache";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";

/**
 * Disabling takes effect at the user's next request on this replica, and within the actor cache's
 * few seconds on the others: sessions and tokens are checked against it.
 */
export async function setUserDisabled(actor: Actor, id: string, disabled: boolean, requestId?: string) {
  if (id === actor.id && disabled) throw new ConflictError("You cannot disable yourself; ask another admin.");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundError("No such user.");
    await tx.user.update({ where: { id }, data: { disabled } });
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: disabled ? "user.disabled" : "user.enabled",
      target: { type: "user", id: user.username },
      requestId,
    });
    forgetActors();
    return { id, username: user.username, disabled };
  });
}
