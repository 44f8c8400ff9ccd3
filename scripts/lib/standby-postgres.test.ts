import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with the start script
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";
// @ts-expect-error plain ESM helper shared with the standby script
import { freezePostgres, postgresPids, startStreamingReplica, thawPostgres } from "./standby-postgres.mjs";

// A primary whose data folder this file owns (the global test server's is not ours to copy), a real
// streaming replica of it, and the dark region: SIGSTOP of the primary's processes.

type Server = { url: string; port: number; stop: () => Promise<void> };
type Replica = Server & { pgdata: string; slotName: string; streaming: boolean };

let dir: string;
let primaryDataDir: string;
let primary: Server;
let replica: Replica;
const clients: pg.Client[] = [];

async function connect(url: string, timeoutMs = 5_000): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  clients.push(client);
  await client.connect();
  return client;
}

/** The process state letter from /proc (T = stopped by a signal). */
function procState(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "")[0];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "meridian-standby-test-"));
  primaryDataDir = path.join(dir, "primary");
  primary = await startEmbeddedPostgres({ dataDir: primaryDataDir, persistent: false });
  const admin = await connect(primary.url);
  await admin.query("CREATE TABLE standby_probe (id serial PRIMARY KEY, note text NOT NULL)");
  await admin.query("INSERT INTO standby_probe (note) VALUES ('before the backup')");
  replica = await startStreamingReplica({ primaryUrl: primary.url, primaryDataDir, dataDir: path.join(dir, "replica"), persistent: false });
});

afterAll(async () => {
  if (primaryDataDir) thawPostgres(primaryDataDir);
  for (const client of clients) client.end().catch(() => undefined);
  await replica?.stop().catch(() => undefined);
  await primary?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a streaming replica of the embedded PostgreSQL", () => {
  it("is a hot standby in recovery, streaming from the primary through its slot", async () => {
    expect(replica.streaming).toBe(true);
    const standby = await connect(replica.url);
    const { rows } = await standby.query("SELECT pg_is_in_recovery() AS recovery, (SELECT status FROM pg_stat_wal_receiver) AS status, (SELECT count(*)::int FROM standby_probe) AS n");
    expect(rows[0]).toEqual({ recovery: true, status: "streaming", n: 1 });
    const admin = await connect(primary.url);
    const sent = await admin.query("SELECT r.state, s.active FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = $1", [replica.slotName]);
    expect(sent.rows).toEqual([{ state: "streaming", active: true }]);
  });

  it("shows a write on the primary within 2 s", async () => {
    const admin = await connect(primary.url);
    const standby = await connect(replica.url);
    const { rows } = await admin.query("INSERT INTO standby_probe (note) VALUES ('streamed') RETURNING id");
    const started = Date.now();
    let seen = false;
    while (!seen && Date.now() - started < 2_000) {
      seen = (await standby.query("SELECT 1 FROM standby_probe WHERE id = $1", [rows[0].id])).rowCount === 1;
      if (!seen) await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen, "the row written on the primary reached the replica within 2 s").toBe(true);
  });

  it("refuses a write on the replica (read-only)", async () => {
    const standby = await connect(replica.url);
    await expect(standby.query("INSERT INTO standby_probe (note) VALUES ('on the replica')")).rejects.toMatchObject({ code: "25006" });
  });

  it("freezing the primary leaves new connections and queries unanswered; thawing answers again", async () => {
    const held = await connect(primary.url);
    const pids: number[] = freezePostgres(primaryDataDir);
    try {
      expect(pids.length).toBeGreaterThan(3); // postmaster, checkpointer, walwriter, walsender, backends…
      expect(pids.map(procState).join("")).toBe("T".repeat(pids.length));
      expect(postgresPids(primaryDataDir).sort()).toEqual([...pids].sort());

      const started = Date.now();
      await expect(connect(primary.url, 1_500)).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_400); // it hung until our timeout: not refused

      const query = held.query({ text: "SELECT 1 AS one", query_timeout: 1_500 } as pg.QueryConfig);
      await expect(query).rejects.toThrow(/timeout/i);
    } finally {
      thawPostgres(primaryDataDir);
    }
    expect(pids.every((pid) => procState(pid) !== "T")).toBe(true);
    const fresh = await connect(primary.url, 5_000);
    expect((await fresh.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("pg_promote() on the replica makes it writable", async () => {
    const standby = await connect(replica.url);
    expect((await standby.query("SELECT pg_promote(true, 30) AS promoted")).rows).toEqual([{ promoted: true }]);
    expect((await standby.query("SELECT pg_is_in_recovery() AS recovery")).rows).toEqual([{ recovery: false }]);
    const { rows } = await standby.query("INSERT INTO standby_probe (note) VALUES ('after the takeover') RETURNING note");
    expect(rows).toEqual([{ note: "after the takeover" }]);
  });
});
