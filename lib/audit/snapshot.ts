import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db/client";

/**
 * Runs `read` in one read-only REPEATABLE READ transaction: every query in it sees the database as of
 * its first statement. Rows and the head pointer read one after the other then come from one moment,
 * and a row another writer commits in between is simply not seen (instead of reading as a deleted tail).
 */
export function readAuditSnapshot<T>(read: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      return read(tx);
    },
    // A whole chain is read in pages inside it: minutes for millions of rows, not the 20 s of a decision.
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 30_000, timeout: 15 * 60_000 },
  );
}
