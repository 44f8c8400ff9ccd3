import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Locks a change request row for the rest of the caller's transaction (SELECT … FOR UPDATE) and
 * reads it with its approvals under that lock: every decision re-reads what it decides on.
 */
export async function lockChange(tx: Tx, id: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "ChangeRequest" WHERE "id" = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.changeRequest.findUniqueOrThrow({ where: { id }, omit: { planFile: true, planJson: true, summary: true }, include: { approvals: true } });
}

/** SHA-256 of the stored plan bytes, computed by PostgreSQL: what would be applied, not what was recorded. */
export async function hashStoredPlan(tx: Tx, id: string): Promise<string | null> {
  const rows = await tx.$queryRaw<Array<{ hash: string }>>`SELECT encode(sha256("planFile"), 'hex') AS "hash" FROM "ChangeRequest" WHERE "id" = ${id}`;
  return rows[0]?.hash ?? null;
}
