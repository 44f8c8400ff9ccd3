import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;
/** The client passed to functions that must run inside a caller's transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as unknown as { meridianDb?: PrismaClient };

export function createDb(connectionString: string, poolSize = 10): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: poolSize }),
    // Decisions lock rows (SELECT … FOR UPDATE): a transaction may wait behind a competing one for a
    // moment; Prisma's 2 s default would turn a busy incident into failed requests.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
}

/** One client per process (dev reloads reuse it). */
export function db(): PrismaClient {
  globalForDb.meridianDb ??= createDb(getEnv().DATABASE_URL, getEnv().MERIDIAN_DB_POOL);
  return globalForDb.meridianDb;
}

/** Tests and scripts point the process at a database of their own. */
export function setDbForProcess(client: PrismaClient): void {
  globalForDb.meridianDb = client;
}
