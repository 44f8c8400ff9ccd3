import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db/client";

const TABLES = {
  change: { table: Prisma.raw(`"ChangeLogChunk"`), owner: Prisma.raw(`"changeId"`) },
  step: { table: Prisma.raw(`"FailoverStepLogChunk"`), owner: Prisma.raw(`"stepId"`) },
} as const;

/**
 * Appends one numbered chunk of output. Writers of one log are few (its runner, and a watchdog note),
 * so a primary-key clash on the next number is retried rather than prevented.
 */
export async function appendLogChunk(client: Tx, kind: keyof typeof TABLES, ownerId: string, text: string): Promise<void> {
  if (!text) return;
  const { table, owner } = TABLES[kind];
  for (let attempt = 0; ; attempt++) {
    try {
      await client.$executeRaw`INSERT INTO ${table} (${owner}, "seq", "text")
        SELECT ${ownerId}, COALESCE(MAX("seq"), 0) + 1, ${text} FROM ${table} WHERE ${owner} = ${ownerId}`;
      return;
    } catch (error) {
      const clash = error instanceof Error && /unique|duplicate key|P2002/i.test(error.message);
      if (!clash || attempt >= 4) throw error;
    }
  }
}

/** Chunks after `afterSeq`, in order: the live tail reads from where it left off. */
export async function readLogChunks(client: Tx, kind: keyof typeof TABLES, ownerId: string, afterSeq = 0): Promise<Array<{ seq: number; text: string }>> {
  const { table, owner } = TABLES[kind];
  return client.$queryRaw<Array<{ seq: number; text: string }>>`SELECT "seq", "text" FROM ${table} WHERE ${owner} = ${ownerId} AND "seq" > ${afterSeq} ORDER BY "seq"`;
}
