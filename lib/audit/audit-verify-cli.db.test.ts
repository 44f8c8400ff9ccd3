import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { AUDIT_HEAD_KEY, recordAuditEvent } from "./append-event";
import { getCurrentAuditKey } from "./audit-keys";
import { hashAuditRow } from "./hash";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");

describe("npm run audit:verify", () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await startTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "meridian-audit-cli-"));
    env = { ...process.env, DATABASE_URL: database.url, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_AUDIT_KEY: "cli-key-".padEnd(64, "k"), MERIDIAN_AUDIT_KEYS_OLD: "" };
    delete env.MERIDIAN_AUDIT_CHECKPOINT_PATH;
    vi.stubEnv("MERIDIAN_DATA_DIR", dataDir);
    vi.stubEnv("MERIDIAN_AUDIT_KEY", env.MERIDIAN_AUDIT_KEY);
    for (let i = 0; i < 5; i++) await recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.event", target: { type: "test", id: String(i) }, details: { i } });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.stop();
  });

  async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      // As `npm run audit:verify` runs it: react-server makes the "server-only" marker the no-op it is on Next's server.
      const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts", ...args], { cwd: root, env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("exits 0 on an intact chain, and exports a checkpoint with --checkpoint", async () => {
    const first = await verify("--checkpoint");
    expect(first).toMatchObject({ code: 0, stderr: expect.stringContaining("warning: no audit checkpoint") });
    expect(first.stdout).toContain("audit chain intact: 5 events verified");
    expect(first.stdout).toContain(`checkpoint written: seq 5`);
    expect(first.stdout).toContain(path.join(dataDir, "audit-checkpoints.jsonl"));
    const again = await verify();
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toMatch(/audit chain intact: 5 events verified; matches the checkpoint of \S+ at seq 5/);
  });

  it("exits 1 with one line per problem: rewritten with the key, newest row deleted, row edited without the key", async () => {
    const key = getCurrentAuditKey();
    const rows = await database.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    let prevHash = rows[0].hash;
    for (const row of rows.slice(1)) {
      const { hash: _old, ...fields } = { ...row, actorName: row.seq === 2 ? "mallory" : row.actorName, prevHash };
      const hash = hashAuditRow(fields, key);
      await database.db.auditEvent.update({ where: { seq: row.seq }, data: { actorName: fields.actorName, prevHash, hash } });
      prevHash = hash;
    }
    await database.db.setting.update({ where: { key: AUDIT_HEAD_KEY }, data: { value: { seq: 5, hash: prevHash } } });
    const rewritten = await verify();
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toContain("audit chain BROKEN: 1 problem(s) in 5 events");
    expect(rewritten.stderr).toMatch(/^ {2}checkpoint-mismatch: row 5 no longer has the hash the checkpoint of .* signed: the chain up to it was rewritten$/m);

    const row4 = await database.db.auditEvent.findUniqueOrThrow({ where: { seq: 4 } });
    await database.db.auditEvent.delete({ where: { seq: 5 } });
    await database.db.setting.update({ where: { key: AUDIT_HEAD_KEY }, data: { value: { seq: 4, hash: row4.hash } } });
    const cut = await verify();
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/^ {2}checkpoint-ahead: the chain ends at 4 but the checkpoint of .* signed row 5: the newest rows were deleted$/m);

    await database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorName" = 'eve' WHERE seq = 3`);
    const edited = await verify("--checkpoint");
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^ {2}edited: row 3 was changed after it was written/m);
    expect(edited.stdout).not.toContain("checkpoint written");
  });
});
