import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { notifyFailover } from "./notify-failover";
import { lockRun } from "./run-policy";
import { failoverUrl } from "./run-record";
import type { AbortFailoverBody } from "./schemas";

/**
 * Aborts a failover from any replica, in one transaction on the locked run: one not yet started is
 * closed as aborted; for a running one the abort is recorded on the run, and its runner — wherever it
 * runs — sees it on its next heartbeat, stops the current step and rolls back the completed ones.
 */
export async function abortFailover(actor: Actor, id: string, body: AbortFailoverBody, requestId?: string) {
  const who = { id: actor.id, name: actor.username };
  const result: { state: "aborted" | "aborting"; run: { number: number; service: string; fromRegion: string; toRegion: string; mode: string } } | { refused: string } = await decide("failover", async (tx) => {
    const run = await lockRun(tx, id);
    if (!run) throw new NotFoundError("No failover with that id.");
    if (run.state === "requested" || run.state === "approved") {
      await tx.failoverRun.update({ where: { id }, data: { state: "aborted", finishedAt: new Date() } });
      await appendAuditEvent(tx, { actor: who, action: "failover.aborted", target: { type: "failover-run", id }, reason: body.reason || null, details: { before: run.state, started: false }, requestId });
      return { state: "aborted" as const, run };
    }
    if (run.state !== "running") return { refused: `The failover is ${run.state}; there is nothing to abort.` };
    if (run.abortRequestedAt) return { state: "aborting" as const, run };
    await tx.failoverRun.update({ where: { id }, data: { abortRequestedAt: new Date(), abortRequestedBy: actor.username } });
    await appendAuditEvent(tx, { actor: who, action: "failover.abort-requested", target: { type: "failover-run", id }, reason: body.reason || null, details: { started: true, runner: run.runnerId }, requestId });
    return { state: "aborting" as const, run };
  });
  if ("refused" in result) {
    await recordAuditEvent({ actor: who, action: "failover.abort-refused", target: { type: "failover-run", id }, outcome: "failure", reason: result.refused, requestId });
    throw new ConflictError(result.refused);
  }
  const { run } = result;
  if (result.state === "aborted") notifyFailover({ event: "aborted", runNumber: run.number, runId: id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: actor.username, detail: body.reason, url: failoverUrl(id) });
  return { id, state: result.state };
}
