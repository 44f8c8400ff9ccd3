import "server-only";
import type pg from "pg";
import { currentDecision, dbPool } from "./client";

// Bulk JSON goes to PostgreSQL as one jsonb parameter, not through Prisma: at 20 regions × 1,000
// services a snapshot or a read model is megabytes, and Prisma's query compiler spent more CPU
// serialising and compiling those arguments than everything else the console does (BENCHMARKS.md).
// Prisma keeps every other query; both run on the same pool.

/** Prisma's DateTime columns are UTC timestamps without a zone: read them back as instants. */
export const utc = (column: string) => `("${column}" AT TIME ZONE 'UTC')`;
/** A Date as a parameter for a Prisma DateTime column. */
export const asUtcParam = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;

export async function sqlQuery<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  // Inside a decision the read is part of its transaction (its one connection), as every other read there.
  const decision = currentDecision();
  if (decision) return decision.$queryRawUnsafe<R[]>(text, ...values);
  return (await dbPool().query<R>(text, values)).rows;
}

/** Runs fn in one transaction on one connection; rolls back if it throws. */
export async function sqlTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await dbPool().connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
