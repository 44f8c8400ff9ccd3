import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { guardPool, unguardPool } from "./breaker";
import { getDbLimits } from "./limits";

export type Db = PrismaClient;
/** The client passed to functions that must run inside a caller's transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

type ClientParts = { pool: pg.Pool; url: string; decisions?: PrismaClient };

// On globalThis: Next bundles this module into more than one chunk, and each copy must find the
// same client, pools and decision scope. The pool under each client serves bulk JSON reads and
// writes (lib/db/sql.ts); decisions run on a client of their own (decisionDb).
const globalForDb = globalThis as unknown as { meridianDb?: PrismaClient; meridianDbParts?: WeakMap<PrismaClient, ClientParts>; meridianDecisionScope?: AsyncLocalStorage<Tx> };
const parts = (globalForDb.meridianDbParts ??= new WeakMap());
const decisionScope = (globalForDb.meridianDecisionScope ??= new AsyncLocalStorage<Tx>());

function makeClient(connectionString: string, poolSize: number, acquireMs: number): { client: PrismaClient; pool: pg.Pool } {
  // connectionTimeoutMillis bounds both the wait for a free connection and the connect itself.
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: acquireMs });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  // A dark database fails requests at once rather than hanging them (lib/db/breaker.ts).
  guardPool(connectionString, pool);
  const client = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: acquireMs, timeout: getDbLimits().decisionMs } });
  return { client, pool };
}

export function createDb(connectionString: string, poolSize = getDbLimits().pool): PrismaClient {
  const { client, pool } = makeClient(connectionString, poolSize, getDbLimits().acquireMs);
  parts.set(client, { pool, url: connectionString });
  return client;
}

/** The transaction of the decision running in this async context (lib/db/decision.ts), if any. */
export function currentDecision(): Tx | undefined {
  return decisionScope.getStore();
}

/** Runs fn as the body of a decision: reads made through reader() and sqlQuery go to its transaction. */
export function runAsDecision<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  return decisionScope.run(tx, fn);
}

function refuseInsideDecision(what: string): void {
  // A decision holds a row lock on its own connection: a read on another connection of the same pool
  // waits behind every competitor waiting for that lock (the pool deadlocks). Fail loudly instead.
  if (decisionScope.getStore()) throw new Error(`${what} called inside a decision transaction: read through reader() or the decision's tx`);
}

/** One client per process (dev reloads reuse it). Never inside a decision: use reader() there. */
export function db(): PrismaClient {
  refuseInsideDecision("db()");
  globalForDb.meridianDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.meridianDb;
}

/** Which client db() gives, for keying caches by database; never for queries (callable inside a decision). */
export function dbIdentity(): object | undefined {
  return globalForDb.meridianDb;
}

/** Where a read goes: the running decision's transaction, else the process's client. */
export function reader(): Tx {
  return decisionScope.getStore() ?? db();
}

/** The client decisions run on: its own small pool, so a crowd of readers never starves a click. */
export function decisionDb(): PrismaClient {
  const main = db();
  const own = parts.get(main);
  if (!own) throw new Error("the database client was not made by createDb");
  if (!own.decisions) {
    const limits = getDbLimits();
    const made = makeClient(own.url, limits.decisionPool, limits.acquireMs);
    own.decisions = made.client;
    parts.set(made.client, { pool: made.pool, url: own.url });
  }
  return own.decisions;
}

/** The connection pool the process's client runs on. */
export function dbPool(): pg.Pool {
  refuseInsideDecision("dbPool()");
  const pool = parts.get(db())?.pool;
  if (!pool) throw new Error("the database client was not made by createDb");
  return pool;
}

/** Closes a client made by createDb, its decision client and their pools. */
export async function disconnectDb(client: PrismaClient): Promise<void> {
  const own = parts.get(client);
  if (own?.decisions) await disconnectDb(own.decisions);
  await client.$disconnect();
  if (own) unguardPool(own.url, own.pool);
  await own?.pool.end();
}

/** The database URL of the process's client (for its breaker's state); undefined before the first db(). */
export function dbUrl(): string | undefined {
  const main = globalForDb.meridianDb;
  return main ? parts.get(main)?.url : undefined;
}

/** Tests and scripts point the process at a database of their own. */
export function setDbForProcess(client: PrismaClient): void {
  globalForDb.meridianDb = client;
}
