import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { classifyDbError } from "@/lib/db/errors";
import { enqueueMirrors } from "@/lib/jobs/mirror";
import { log } from "@/lib/observability/log";
import { getCurrentAuditKey } from "./audit-keys";
import { GENESIS_HASH, hashAuditRow } from "./hash";
import { parseAuditDetails, type AuditInput } from "./schemas";
import { spoolAuditEvent } from "./spool";

export type { AuditInput } from "./schemas";

// Serialises writers so the chain never forks, across instances sharing one PostgreSQL.
const AUDIT_LOCK_KEY = 727_001;
export const AUDIT_HEAD_KEY = "audit.head";

export type AuditHead = { seq: number; hash: string };

/** The head pointer's value, or null when it is absent or not a pointer at all. */
export function parseAuditHead(value: unknown): AuditHead | null {
  if (!value || typeof value !== "object") return null;
  const { seq, hash } = value as Record<string, unknown>;
  return Number.isSafeInteger(seq) && typeof hash === "string" ? { seq: seq as number, hash } : null;
}

/**
 * What the next row follows. The head pointer, not the newest row we can see, is the chain's word on
 * where it ends: when the newest rows were deleted, the next row links to the deleted one and the gap
 * stays visible for good (linking to what is left would heal it). With no pointer but rows, the
 * pointer itself was deleted: the row starts from the genesis hash, which verification reports.
 */
async function previousOf(tx: Tx): Promise<{ prevHash: string; usedSeq: number }> {
  const pointer = await tx.setting.findUnique({ where: { key: AUDIT_HEAD_KEY } });
  const newest = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const head = parseAuditHead(pointer?.value);
  const usedSeq = Math.max(head?.seq ?? 0, newest?.seq ?? 0);
  if (head) {
    if (!newest || newest.seq !== head.seq || newest.hash !== head.hash) {
      log.error("audit: the head pointer and the newest row disagree (rows were deleted or the pointer edited); the new row links to the pointer, so verification keeps reporting it", { head: head.seq, newest: newest?.seq ?? null });
    }
    return { prevHash: head.hash, usedSeq };
  }
  if (newest) {
    log.error("audit: the head pointer is missing although rows exist (it was deleted); the new row starts from the genesis hash, so verification keeps reporting it", { newest: newest.seq });
  }
  return { prevHash: GENESIS_HASH, usedSeq };
}

/**
 * The next seq: the column's own sequence, never max + 1, so a deleted row's number is never handed
 * out again. A transaction that rolls back leaves a gap, and the next row still links to the row
 * before it. A sequence behind the chain (a restore that did not carry it) is moved past it.
 */
async function nextSeq(tx: Tx, usedSeq: number): Promise<number> {
  const [{ next }] = await tx.$queryRaw<Array<{ next: number }>>`SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq'))::int AS "next"`;
  if (next > usedSeq) return next;
  log.warn("audit: the seq sequence was behind the chain; moved past it", { sequence: next, chain: usedSeq });
  await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'seq'), ${usedSeq + 1})`;
  return usedSeq + 1;
}

/** Appends one event inside the caller's transaction, so it commits or rolls back with the change. */
export async function appendAuditEvent(tx: Tx, input: AuditInput) {
  // Before the lock: a bad value fails the caller's transaction without touching the chain.
  const details = parseAuditDetails(input.details ?? {});
  const key = getCurrentAuditKey();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const { prevHash, usedSeq } = await previousOf(tx);
  const seq = await nextSeq(tx, usedSeq);
  const row = {
    seq,
    at: new Date(),
    actorId: input.actor.id,
    actorName: input.actor.name,
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id ?? null,
    outcome: input.outcome ?? "success",
    reason: input.reason ?? null,
    details: details as Prisma.InputJsonValue,
    requestId: input.requestId ?? null,
    prevHash,
    keyId: key.id,
  };
  const hash = hashAuditRow(row, key);
  const created = await tx.auditEvent.create({ data: { ...row, hash } });
  // The head pointer makes a deleted last row detectable too.
  await tx.setting.upsert({
    where: { key: AUDIT_HEAD_KEY },
    create: { key: AUDIT_HEAD_KEY, value: { seq: row.seq, hash } },
    update: { value: { seq: row.seq, hash } },
  });
  // Outside tools (GitHub checks, Slack messages) mirror every move of a change or failover run.
  if (row.outcome === "success") await enqueueMirrors(tx, input.target);
  return created;
}

/** For events with no other state change (denials, failures, sign-ins). */
export async function recordAuditEvent(input: AuditInput): Promise<void> {
  try {
    await db().$transaction((tx) => appendAuditEvent(tx, input));
  } catch (error) {
    // A standby console's database is a read-only replica: the event waits in a file beside it
    // until a takeover appends it to the chain (lib/audit/spool.ts).
    if (classifyDbError(error) !== "read-only") throw error;
    await spoolAuditEvent(input);
  }
}
