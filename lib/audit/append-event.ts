import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { classifyDbError } from "@/lib/db/errors";
import { getCurrentAuditKey } from "./audit-keys";
import { GENESIS_HASH, hashAuditRow } from "./hash";
import { parseAuditDetails, type AuditDetails } from "./schemas";
import { spoolAuditEvent } from "./spool";

export type AuditInput = {
  actor: { id: string | null; name: string };
  action: string; // e.g. "change.approved", "scenario.changed", "auth.sign-in"
  target: { type: string; id?: string | null };
  outcome?: "success" | "failure" | "denied";
  reason?: string | null;
  details?: AuditDetails;
  requestId?: string | null;
};

// Serialises writers so the chain never forks, across instances sharing one PostgreSQL.
const AUDIT_LOCK_KEY = 727_001;
export const AUDIT_HEAD_KEY = "audit.head";

/** Appends one event inside the caller's transaction, so it commits or rolls back with the change. */
export async function appendAuditEvent(tx: Tx, input: AuditInput) {
  // Before the lock: a bad value fails the caller's transaction without touching the chain.
  const details = parseAuditDetails(input.details ?? {});
  const key = getCurrentAuditKey();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const row = {
    seq: (last?.seq ?? 0) + 1,
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
    prevHash: last?.hash ?? GENESIS_HASH,
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
