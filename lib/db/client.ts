import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;
/** The client passed to functions that must run inside a caller's transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// On globalThis: Next bundles this module into more than one chunk, and each copy must find the
// same client and pool. The pool under each client serves bulk JSON reads and writes (lib/db/sql.ts).
const globalForDb = globalThis as unknown as { meridianDb?: PrismaClient; meridianPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (globalForDb.meridianPools ??= new WeakMap());

export function createDb(connectionString: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const client = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Decisions lock rows (SELECT … FOR UPDATE): a transaction may wait behind a competing one for a
    // moment; Prisma's 2 s default would turn a busy incident into failed requests.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  pools.set(client, pool);
  return client;
}

/** One client per process (dev reloads reuse it). */
export function db(): PrismaClient {
  globalForDb.meridianDb ??= createDb(getEnv().DATABASE_URL, getEnv().MERIDIAN_DB_POOL);
  return globalForDb.meridianDb;
}

/** The connection pool the process's client runs on. */
export function dbPool(): pg.Pool {
  const pool = pools.get(db());
  if (!pool) throw new Error("the database client was not made by createDb");
  return pool;
}

/** Closes a client made by createDb and its pool. */
export async function disconnectDb(client: PrismaClient): Promise<void> {
  await client.$disconnect();
  await pools.get(client)?.end();
}

/** Tests and scripts point the process at a database of their own. */
export function setDbForProcess(client: PrismaClient): void {
  globalForDb.meridianDb = client;
}
