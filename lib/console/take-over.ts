import "server-only";
import pg from "pg";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { ConflictError } from "@/lib/http/errors";
import { log } from "@/lib/observability/log";
import { readAuditSpool, spoolAuditEvent } from "@/lib/audit/spool";
import { EPOCH_KEY, readEpoch, type ConsoleEpoch } from "./epoch";
import { describeDataLoss } from "./data-loss";
import { refreshConsoleState } from "./state";

export const takeOverBody = z
  .object({
    reason: z.string().trim().min(10, "say why in at least 10 characters (it is audited)").max(2_000),
    /** Take over although the primary still answers: two primaries until the old one is fenced. */
    force: z.boolean().default(false),
  })
  .strict();
export type TakeOverBody = z.infer<typeof takeOverBody>;

export const takeOverResponse = z.object({
  epoch: z.number(),
  region: z.string().nullable(),
  promotedInMs: z.number(),
  dataLoss: z.object({ replayedAt: z.string().nullable(), lagBytesAtLastContact: z.number().nullable(), primaryLastSeenAt: z.string().nullable(), note: z.string() }),
  spooledEventsAppended: z.number(),
});

/**
 * Makes this standby the primary console: promotes its replica (pg_promote), raises the fencing epoch
 * in the promoted database, audits it with the reason and what may be lost, and appends what the
 * standby spooled while read-only. Refused while the primary still answers, unless forced.
 */
export async function takeOverConsole(actor: Actor, body: TakeOverBody, requestId?: string) {
  const s = await refreshConsoleState();
  const who = { id: actor.id, name: actor.username };
  const refuse = async (message: string) => {
    // Refused on a read-only standby: kept for the chain until a takeover (or the primary) takes it.
    await spoolAuditEvent({ actor: who, action: "console.takeover-refused", target: { type: "console", id: s.region }, outcome: "failure", reason: message, requestId });
    return new ConflictError(message);
  };
  if (s.mode === "primary") throw new ConflictError(`This console is already the primary (epoch ${s.epoch?.epoch ?? 1}); there is nothing to take over.`);
  if (s.mode === "superseded") throw new ConflictError("This console was superseded; it cannot take over. Rejoin its database as a replica of the new primary first (README, \"a standby console\").");
  // Two looks: one slow answer on a busy machine must not read as a dark primary.
  const answers = (v: typeof s) => (v.replica?.primaryReachable ?? false) || (v.peer?.reachable === true && v.peer.mode === "primary");
  const primaryAnswers = answers(s) || answers(await refreshConsoleState());
  if (primaryAnswers && !body.force) throw await refuse("The primary still answers: a takeover now would leave two primaries until the old one is fenced. Fail over the usual way, or force the takeover with a reason.");

  const dataLoss = describeDataLoss(s);
  const started = Date.now();
  await promoteLocalReplica(getEnv().DATABASE_URL);
  const promotedInMs = Date.now() - started;
  const spool = await readAuditSpool();
  const epoch = await db().$transaction(async (tx) => {
    const current = readEpoch((await tx.setting.findUnique({ where: { key: EPOCH_KEY } }))?.value);
    const next: ConsoleEpoch = { epoch: current.epoch + 1, region: s.region, since: new Date().toISOString(), by: actor.username, reason: body.reason };
    await tx.setting.upsert({ where: { key: EPOCH_KEY }, create: { key: EPOCH_KEY, value: next, updatedBy: actor.username }, update: { value: next, updatedBy: actor.username } });
    for (const event of spool.events) await appendAuditEvent(tx, event);
    await appendAuditEvent(tx, {
      actor: who,
      action: "console.takeover",
      target: { type: "console", id: s.region },
      reason: body.reason,
      details: { epoch: next.epoch, previousEpoch: current.epoch, previousRegion: current.region, forced: body.force, primaryAnswered: primaryAnswers, promotedInMs, dataLoss, spooledEvents: spool.events.length },
      requestId,
    });
    return next;
  });
  await spool.clear();
  log.warn("console taken over", { epoch: epoch.epoch, by: actor.username, region: s.region });
  await refreshConsoleState();
  return { epoch: epoch.epoch, region: epoch.region, promotedInMs, dataLoss, spooledEventsAppended: spool.events.length };
}

/**
 * pg_promote() on the local replica, waiting until it accepts writes. Aurora Global Database and
 * CloudNativePG replica clusters are switched by their own tools (docs/standby.md); a runbook step
 * does that, and this call then finds the database already writable.
 */
async function promoteLocalReplica(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 40_000 });
  await client.connect();
  try {
    const [{ inRecovery }] = (await client.query<{ inRecovery: boolean }>(`SELECT pg_is_in_recovery() AS "inRecovery"`)).rows;
    if (!inRecovery) return;
    const [{ promoted }] = (await client.query<{ promoted: boolean }>(`SELECT pg_promote(true, 30) AS "promoted"`)).rows;
    if (!promoted) throw new ConflictError("The replica did not finish promotion within 30 s; nothing else was changed. Look at its PostgreSQL log and try again.");
  } finally {
    await client.end().catch(() => undefined);
  }
}
