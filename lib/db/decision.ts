import "server-only";
import { assertConsoleDecides, assertNotFenced } from "@/lib/console/guard";
import { ConflictError, ServiceUnavailableError } from "@/lib/http/errors";
import { decisionDb, runAsDecision, type Tx } from "./client";
import { classifyDbError } from "./errors";
import { getDbLimits } from "./limits";

/**
 * Runs one decision (approve, apply, execute, abort …) in one transaction on one connection of the
 * decision pool. Every read it makes goes through that transaction (reader() and sqlQuery see it;
 * db() refuses), so the lock holder never waits for a second connection that its competitors hold.
 * Waiting for a competitor is bounded: the row lock taken with lockForDecision and not had within
 * lockWaitMs answers 409 "try again", a connection not had within acquireMs answers 503, both in seconds.
 */
export async function decide<T>(subject: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const limits = getDbLimits();
  await assertConsoleDecides();
  try {
    return await decisionDb().$transaction(
      async (tx) => {
        // SET LOCAL takes no parameters; the number is ours, not input.
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.round(limits.decisionMs)}`);
        // A database the console that took over has fenced decides nothing (lib/console).
        await assertNotFenced(tx);
        return runAsDecision(tx, () => fn(tx));
      },
      { maxWait: limits.acquireMs, timeout: limits.decisionMs },
    );
  } catch (error) {
    const kind = classifyDbError(error);
    if (kind === "lock-timeout") throw new ConflictError(`Another request is deciding this ${subject} right now; try again.`, { retryable: true });
    if (kind === "unreachable" || kind === "read-only") throw error;
    if (kind === "busy") throw new ServiceUnavailableError(`The console's database is too busy to decide on this ${subject} now; nothing was changed. Try again in a few seconds.`, { retryable: true });
    throw error;
  }
}

const LOCKABLE = { change: "ChangeRequest", "failover-run": "FailoverRun" } as const;

/**
 * Locks the row a decision decides on (SELECT … FOR UPDATE) for the rest of its transaction, waiting
 * at most lockWaitMs for a competitor to finish. Only this wait is short: the audit chain's lock
 * taken later waits as long as the decision may run, so a winner is never refused for a queue of audit rows.
 */
export async function lockForDecision(tx: Tx, kind: keyof typeof LOCKABLE, id: string): Promise<boolean> {
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.round(getDbLimits().lockWaitMs)}`);
  const locked = await tx.$queryRawUnsafe<Array<{ id: string }>>(`SELECT "id" FROM "${LOCKABLE[kind]}" WHERE "id" = $1 FOR UPDATE`, id);
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = 0`);
  return locked.length > 0;
}

/** The same bounded wait for a lock on a name (pg_advisory_xact_lock), e.g. one open failover per service. */
export async function lockNameForDecision(tx: Tx, name: string): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.round(getDbLimits().lockWaitMs)}`);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${name}))`;
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = 0`);
}
