import { randomBytes } from "node:crypto";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { inject } from "vitest";
import { createDb, disconnectDb, setDbForProcess, type Db } from "@/lib/db/client";
import { migrationSql } from "./migrations";

export type TestDatabase = { url: string; db: Db; stop: () => Promise<void> };

/**
 * A fresh, migrated database of its own in the run's PostgreSQL, with a pool of more than one
 * connection (races must be real), that this process's `db()` points at.
 */
export async function startTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const admin = inject("pgUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = admin.replace(/\/postgres\?/, `/${name}?`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const sql of migrationSql()) await client.query(sql);
  await client.end();
  await runMigrations({ connectionString: url, logger: new Logger(() => () => undefined) });
  const db = createDb(url, poolSize);
  setDbForProcess(db);
  return {
    url,
    db,
    async stop() {
      await disconnectDb(db);
    },
  };
}
