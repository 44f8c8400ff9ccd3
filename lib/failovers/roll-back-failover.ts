import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { setRunHooks, type ExecuteHooks } from "./run-hooks";
import { lockRun } from "./run-policy";
import type { RollBackFailoverBody } from "./schemas";

/**
 * A person's decision, after a runner died mid-run, to undo the steps that had completed. Taken in
 * one transaction on the locked run; the rollback then runs as a job on any replica.
 */
export async function rollBackFailover(actor: Actor, id: string, body: RollBackFailoverBody, requestId?: string, hooks: ExecuteHooks = {}) {
  const who = { id: actor.id, name: actor.username };
  if (Object.keys(hooks).length) setRunHooks(id, hooks);
  const result = await decide("failover", async (tx): Promise<{ refused: string } | { state: "rolling-back" }> => {
    const run = await lockRun(tx, id);
    if (!run) throw new NotFoundError("No failover with that id.");
    if (run.state !== "interrupted") return { refused: `The failover is ${run.state}; only an interrupted run is rolled back by hand.` };
    await tx.failoverRun.update({ where: { id }, data: { state: "rolling-back", runnerId: null, heartbeatAt: new Date() } });
    await enqueueJob(tx, "rollback-failover", { runId: id, actor: who, requestId: requestId ?? null }, { maxAttempts: 1 });
    await appendAuditEvent(tx, { actor: who, action: "failover.rollback-started", target: { type: "failover-run", id }, reason: body.reason, details: { service: run.service, from: run.fromRegion, to: run.toRegion }, requestId });
    return { state: "rolling-back" as const };
  });
  if ("refused" in result) {
    await recordAuditEvent({ actor: who, action: "failover.rollback-refused", target: { type: "failover-run", id }, outcome: "failure", reason: result.refused, requestId });
    throw new ConflictError(result.refused);
  }
  return { id, state: result.state };
}
