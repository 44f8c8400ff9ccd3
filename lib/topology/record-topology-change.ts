import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { JsonValue } from "@/lib/audit/schemas";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { getTopologyDrift } from "./queries";
import type { RecordTopologyBody } from "./schemas";
import { applyRoleChanges, ensureConfiguredTopology, type AppliedChange, type RoleChange } from "./store";

/** How far ahead of this clock an effectiveAt may be (the admin's clock may differ a little). */
const CLOCK_SKEW_MS = 60_000;

/**
 * Records where services are active, as an admin says (a failover done outside Meridian) or as the
 * evidence shows (one click on a warning). One transaction locks the services' open rows, decides,
 * writes the new rows and the audit event; a refusal is audited too.
 */
export async function recordTopologyChange(actor: Actor, body: RecordTopologyBody, requestId?: string): Promise<{ changes: AppliedChange[] }> {
  const who = { id: actor.id, name: actor.username };
  const refuse = async (error: ConflictError | ValidationError) => {
    await recordAuditEvent({ actor: who, action: "topology.record-refused", target: { type: "service", id: body.services.join(",") }, outcome: "failure", reason: error.message, details: { activeRegion: body.activeRegion, cause: body.cause }, requestId });
    return error;
  };
  const config = getConfig();
  const known = new Set(config.systems.flatMap((s) => s.services.map((x) => x.id)));
  const unknown = body.services.filter((s) => !known.has(s));
  if (unknown.length) throw await refuse(new ValidationError(`No service ${unknown.map((s) => `"${s}"`).join(", ")} in the configuration.`, [{ path: "body.services", message: "unknown service" }]));
  if (!config.regions.some((r) => r.id === body.activeRegion)) throw await refuse(new ValidationError(`No region "${body.activeRegion}" in the configuration.`, [{ path: "body.activeRegion", message: "unknown region" }]));
  const now = Date.now();
  let changes: RoleChange[];
  let reason = body.reason ?? null;
  let evidence: JsonValue = null;
  if (body.cause === "detected") {
    // The evidence must still say so now: a warning that went away is not recorded on a stale click.
    const { drift } = await getTopologyDrift(now);
    const found = body.services.map((service) => ({ service, hit: drift.filter((d) => d.observedActive === body.activeRegion).flatMap((d) => d.services.map((s) => ({ ...s, d }))).find((s) => s.service === service) }));
    const missing = found.filter((f) => !f.hit).map((f) => f.service);
    if (missing.length) throw await refuse(new ConflictError(`The evidence no longer shows ${missing.join(", ")} active in ${body.activeRegion}; reload and look again.`));
    const used = [...new Map(found.flatMap((f) => f.hit!.d.evidence).map((e) => [`${e.kind}|${e.step}|${e.detail}`, e])).values()];
    evidence = used.map((e) => ({ kind: e.kind, step: e.step, detail: e.detail, since: e.since }));
    reason = [body.reason, ...used.map((e) => e.detail)].filter(Boolean).join("; ");
    changes = found.map((f) => ({ service: f.service, activeRegion: body.activeRegion, at: new Date(f.hit!.since) }));
  } else {
    const at = body.effectiveAt ? new Date(body.effectiveAt) : new Date(now);
    if (at.getTime() > now + CLOCK_SKEW_MS) throw await refuse(new ValidationError("effectiveAt is in the future.", [{ path: "body.effectiveAt", message: "in the future" }]));
    changes = body.services.map((service) => ({ service, activeRegion: body.activeRegion, at }));
  }
  await ensureConfiguredTopology(config);
  let applied: AppliedChange[];
  try {
    applied = await db().$transaction(async (tx) => {
      const done = await applyRoleChanges(tx, changes, { cause: body.cause, actor: who, reason, strict: true });
      if (done.length === 0) throw new ConflictError(`${body.services.join(", ")} ${body.services.length === 1 ? "is" : "are"} already recorded active in ${body.activeRegion}.`);
      await appendAuditEvent(tx, {
        actor: who,
        action: "topology.recorded",
        target: { type: "service", id: body.services.join(",") },
        reason,
        details: { cause: body.cause, activeRegion: body.activeRegion, changes: done.map((c) => ({ service: c.service, from: c.from, to: c.to, at: c.at })), evidence },
        requestId,
      });
      return done;
    });
  } catch (error) {
    if (error instanceof ConflictError) throw await refuse(error);
    throw error;
  }
  return { changes: applied };
}
