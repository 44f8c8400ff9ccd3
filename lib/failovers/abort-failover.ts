import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { notifyFailover } from "./notify-failover";
import { ensureFailoversRecovered } from "./recover-interrupted-failovers";
import { failoverUrl } from "./run-record";
import { runningFailovers } from "./running-failovers";
import type { AbortFailoverBody } from "./schemas";

/**
 * Aborts a failover: one not yet started is closed as aborted; a running one is signalled, its
 * current step stops and the completed steps are rolled back by the engine (the run then ends aborted).
 */
export async function abortFailover(actor: Actor, id: string, body: AbortFailoverBody, requestId?: string) {
  await ensureFailoversRecovered();
  const run = await db().failoverRun.findUnique({ where: { id }, select: { id: true, number: true, state: true, service: true, fromRegion: true, toRegion: true, mode: true } });
  if (!run) throw new NotFoundError("No failover with that id.");
  const who = { id: actor.id, name: actor.username };
  if (run.state === "requested" || run.state === "approved") {
    const closed = await db().$transaction(async (tx) => {
      const moved = await tx.failoverRun.updateMany({ where: { id, state: { in: ["requested", "approved"] } }, data: { state: "aborted", finishedAt: new Date() } });
      if (moved.count === 0) return false;
      await appendAuditEvent(tx, { actor: who, action: "failover.aborted", target: { type: "failover-run", id }, reason: body.reason || null, details: { before: run.state, started: false }, requestId });
      return true;
    });
    if (!closed) throw new ConflictError("The failover moved on meanwhile; reload and look again.");
    notifyFailover({ event: "aborted", runNumber: run.number, runId: id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: actor.username, detail: body.reason, url: failoverUrl(id) });
    return { id, state: "aborted" as const };
  }
  if (run.state !== "running") throw new ConflictError(`The failover is ${run.state}; there is nothing to abort.`);
  const here = runningFailovers().get(id);
  if (!here) throw new ConflictError("This failover runs in another console instance; abort it there.");
  await db().$transaction((tx) => appendAuditEvent(tx, { actor: who, action: "failover.abort-requested", target: { type: "failover-run", id }, reason: body.reason || null, details: { started: true }, requestId }));
  here.controller.abort(actor.username);
  return { id, state: "aborting" as const };
}
