import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { inject } from "vitest";
import { createDb, setDbForProcess, type Db } from "@/lib/db/client";
import { migrationSql } from "./migrations";

export type TestDatabaseKind = "pglite" | "postgres";
export type TestDatabase = { kind: TestDatabaseKind; url: string; db: Db; stop: () => Promise<void> };

/** Which databases data-layer tests run on; postgres is absent (with the reason) when its binaries are. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return inject("pgUrl") ? ["pglite", "postgres"] : ["pglite"];
}

export function postgresSkipReason(): string {
  return inject("pgSkipReason");
}

async function startPglite(): Promise<TestDatabase> {
  const lite = await PGlite.create();
  for (const sql of migrationSql()) await lite.exec(sql);
  const server = new PGLiteSocketServer({ db: lite, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn();
  const url = `postgresql://postgres:postgres@${conn}/postgres?sslmode=disable`;
  // One connection: PGlite runs one session at a time (see scripts/start.mjs).
  const db = createDb(url, 1);
  return {
    kind: "pglite",
    url,
    db,
    async stop() {
      await db.$disconnect();
      await server.stop();
      await lite.close();
    },
  };
}

async function startPostgres(): Promise<TestDatabase> {
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
  const db = createDb(url, 10);
  return {
    kind: "postgres",
    url,
    db,
    async stop() {
      await db.$disconnect();
    },
  };
}

/** A fresh, migrated database that this process's `db()` points at. */
export async function startTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const database = kind === "pglite" ? await startPglite() : await startPostgres();
  setDbForProcess(database.db);
  return database;
}
