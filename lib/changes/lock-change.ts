import "server-only";
import type { Tx } from "@/lib/db/client";
import { lockForDecision } from "@/lib/db/decision";

/**
 * Locks a change request row for the rest of the caller's transaction (SELECT … FOR UPDATE) and
 * reads it with its approvals under that lock: every decision re-reads what it decides on. A competitor
 * holding the lock longer than the decision's lock wait makes this a 409 "try again" (lib/db/decision.ts).
 */
export async function lockChange(tx: Tx, id: string) {
  if (!(await lockForDecision(tx, "change", id))) return null;
  return tx.changeRequest.findUniqueOrThrow({ where: { id }, omit: { planFile: true, planJson: true, summary: true }, include: { approvals: true } });
}

/** SHA-256 of the stored plan bytes, computed by PostgreSQL: what would be applied, not what was recorded. */
export async function hashStoredPlan(tx: Tx, id: string): Promise<string | null> {
  const rows = await tx.$queryRaw<Array<{ hash: string }>>`SELECT encode(sha256("planFile"), 'hex') AS "hash" FROM "ChangeRequest" WHERE "id" = ${id}`;
  return rows[0]?.hash ?? null;
}
