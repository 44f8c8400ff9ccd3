import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import type { StoredOverride } from "./change-policy";
import type { OverrideSloGateBody } from "./schemas";

/**
 * An incident commander lets one plan of a change through the SLO gate, with a written reason.
 * The override is bound to the plan hash; the reason lands in the audit log now and again at apply.
 */
export async function overrideSloGate(actor: Actor, id: string, body: OverrideSloGateBody, requestId?: string) {
  const override: StoredOverride = { by: actor.username, byId: actor.id, role: actor.role, reason: body.reason, at: new Date().toISOString(), planSha256: body.planSha256 };
  return decide("change", async (tx) => {
    const change = await tx.changeRequest.findUnique({ where: { id }, select: { id: true, state: true, planSha256: true } });
    if (!change) throw new NotFoundError("No change request with that id.");
    const moved = await tx.changeRequest.updateMany({ where: { id, planSha256: body.planSha256, state: { in: ["proposed", "approved"] } }, data: { sloOverride: override } });
    if (moved.count === 0) {
      throw new ConflictError(change.planSha256 !== body.planSha256 ? "The plan changed since you looked at it; review the new plan before overriding." : `This change is ${change.state}; the gate can no longer be overridden.`);
    }
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "change.slo-gate-overridden", target: { type: "change", id }, reason: body.reason, details: { planSha256: body.planSha256, role: actor.role }, requestId });
    return { id, sloOverride: override };
  });
}
