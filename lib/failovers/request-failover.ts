import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { decide, lockNameForDecision } from "@/lib/db/decision";
import { ConflictError } from "@/lib/http/errors";
import { notifyFailover } from "./notify-failover";
import { getFailoverPreflight } from "./preflight";
import { failoverUrl, toJson, type StoredPreflight } from "./run-record";
import type { RequestFailoverBody } from "./schemas";

/**
 * Records a failover (or drill) request with its preflight as seen now. A not-ready verdict needs a
 * written precheck override (when the runbook allows one); one open run per service at a time.
 */
export async function requestFailover(actor: Actor, body: RequestFailoverBody, requestId?: string) {
  const preflight = await getFailoverPreflight(body.service, body.to, { mode: body.mode, drillKind: body.drillKind });
  const refuse = async (message: string, extra: Record<string, unknown> = {}) => {
    await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "failover.request-refused", target: { type: "failover-run", id: null }, outcome: "failure", reason: message, details: { service: body.service, to: body.to, mode: body.mode, ...extra }, requestId });
    return new ConflictError(message, extra);
  };
  if (preflight.readiness?.verdict === "not-ready" && !body.precheckOverride) {
    throw await refuse(
      preflight.overrideAllowed
        ? `${body.service} is not-ready for ${body.to} (${preflight.readiness.reasons.filter((r) => r.verdict === "not-ready").map((r) => r.message).join("; ")}). Request with a precheck override and a written reason to proceed.`
        : `${body.service} is not-ready for ${body.to} and its runbook allows no precheck override.`,
      { verdict: "not-ready" },
    );
  }
  if (body.precheckOverride && !preflight.overrideAllowed) throw await refuse(`The ${body.service} runbook allows no precheck override.`);
  const stored: StoredPreflight = {
    ...preflight,
    override: body.precheckOverride ? { by: actor.username, reason: body.precheckOverride.reason, at: new Date().toISOString() } : null,
  };
  const run = await decide("failover", async (tx) => {
    // Serialises requests for one service across replicas: two at once cannot both find none open.
    await lockNameForDecision(tx, `failover:${body.service}`);
    const open = await tx.failoverRun.findFirst({ where: { service: body.service, state: { in: ["requested", "approved", "running", "interrupted", "rolling-back"] } }, select: { id: true, number: true, state: true } });
    if (open) throw new ConflictError(`${body.service} already has an open failover (#${open.number}, ${open.state}); finish or abort it first.`, { openRun: open.id });
    const created = await tx.failoverRun.create({
      data: {
        service: body.service,
        fromRegion: preflight.from,
        toRegion: preflight.to,
        runbookVersion: preflight.runbookVersion,
        mode: body.mode,
        drillKind: preflight.drill?.kind ?? null,
        state: "requested",
        requestedById: actor.id,
        requestedByName: actor.username,
        reason: body.reason || null,
        preflight: toJson(stored),
      },
    });
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: "failover.requested",
      target: { type: "failover-run", id: created.id },
      reason: body.reason || null,
      details: {
        number: created.number,
        service: body.service,
        from: preflight.from,
        to: preflight.to,
        mode: body.mode,
        drill: preflight.drill?.summary ?? null,
        runbookVersion: preflight.runbookVersion,
        verdict: preflight.readiness?.verdict ?? null,
        expectedDataLossSec: preflight.expectedDataLossSec,
        path: preflight.path,
        precheckOverride: stored.override,
      },
      requestId,
    });
    return created;
  });
  notifyFailover({ event: "approval-requested", runNumber: run.number, runId: run.id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: actor.username, detail: body.reason, url: failoverUrl(run.id) });
  return { id: run.id, number: run.number, state: run.state, preflight: stored };
}
