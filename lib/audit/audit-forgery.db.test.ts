import { execFile } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { resetEnvForTests } from "@/lib/env";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { AUDIT_HEAD_KEY, recordAuditEvent } from "./append-event";
import { checkpointFile, readLatestCheckpoint, signCheckpoint } from "./checkpoint";
import { CHECKPOINT_LIMITS, checkpointDue, checkpointIfDue, startAuditCheckpoints, stopAuditCheckpoints } from "./checkpoint-schedule";
import { getAuditKeyring, getCurrentAuditKey } from "./audit-keys";
import { verifyAuditChain, type ChainReport } from "./verify-audit-chain";

// The forgeries of issue 32, by someone who can write the database but holds no audit key. Each must
// be caught three ways: verifyAuditChain, `npm run audit:verify` (exit 1, one line per problem) and
// POST /api/v1/audit/verify; and a later write must never heal it.
const state = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const ORIGIN = "http://127.0.0.1:3000";
const KEY = "forgery-key-".padEnd(64, "f");

let database: TestDatabase;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "meridian-audit-forgery-"));
  database = await startTestDatabase();
  // The default checkpoint file (in the data folder), as the console and the CLI find it.
  vi.stubEnv("MERIDIAN_AUDIT_CHECKPOINT_PATH", undefined);
  vi.stubEnv("MERIDIAN_DATA_DIR", dataDir);
  vi.stubEnv("MERIDIAN_AUDIT_KEY", KEY);
  vi.stubEnv("MERIDIAN_AUDIT_KEYS_OLD", "");
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("NEXTAUTH_SECRET", "test-secret-test-secret-test");
  vi.stubEnv("NEXTAUTH_URL", ORIGIN);
  resetEnvForTests();
  state.actor = { id: "u-admin", username: "admin", displayName: "Admin", role: "admin", via: "session" };
});
afterEach(async () => {
  stopAuditCheckpoints();
  vi.unstubAllEnvs();
  resetEnvForTests();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function append(count: number, action = "test.event") {
  for (let i = 0; i < count; i++) await recordAuditEvent({ actor: { id: null, name: "system" }, action, target: { type: "test", id: String(i) }, details: { i } });
}

async function newest() {
  return database.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
}

async function cli(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_AUDIT_KEY: KEY, MERIDIAN_AUDIT_KEYS_OLD: "" };
  delete env.MERIDIAN_AUDIT_CHECKPOINT_PATH;
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], { cwd: root, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function api(): Promise<ChainReport> {
  const { POST } = await import("@/app/api/v1/audit/verify/route");
  const res = await POST(new Request(`${ORIGIN}/api/v1/audit/verify`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: "{}" }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as ChainReport;
}

const kinds = (r: ChainReport) => r.problems.map((p) => p.kind);

/** The library, the CLI and the API all report `kind`; the CLI exits 1 with a line for it. */
async function expectCaughtEverywhere(kind: string, line: RegExp) {
  const report = await verifyAuditChain();
  expect(report.ok, JSON.stringify(report.problems)).toBe(false);
  expect(kinds(report)).toContain(kind);
  const out = await cli();
  expect(out.code, out.stdout + out.stderr).toBe(1);
  expect(out.stderr).toMatch(line);
  const viaApi = await api();
  expect(viaApi.ok).toBe(false);
  expect(kinds(viaApi)).toContain(kind);
}

describe("a deleted tail is detected, and stays detected after later writes", () => {
  it("delete the newest row and move audit.head back: the background checkpoint had already signed it (within 30 s)", async () => {
    await append(3);
    startAuditCheckpoints(); // the worker's real loop, default limits
    const first = await waitForCheckpoint(3, 10_000); // no checkpoint yet: the first one comes at the next look
    await append(1, "test.incriminating");
    const row = await newest();
    const signed = await waitForCheckpoint(row.seq, 35_000);
    // The row waited at most 30 s (25 s after the previous checkpoint, and a look every 5 s; 2 s for a late timer).
    expect(Date.parse(signed.at) - row.at.getTime()).toBeLessThanOrEqual(CHECKPOINT_LIMITS.maxAgeMs + CHECKPOINT_LIMITS.pollMs + 2_000);
    expect(Date.parse(signed.at) - Date.parse(first.at)).toBeGreaterThanOrEqual(CHECKPOINT_LIMITS.maxAgeMs);
    expect(signed).toMatchObject({ v: 2, count: 4 });
    stopAuditCheckpoints();

    const before = await database.db.auditEvent.findFirstOrThrow({ where: { seq: { lt: row.seq } }, orderBy: { seq: "desc" } });
    await database.db.auditEvent.delete({ where: { seq: row.seq } });
    await database.db.setting.update({ where: { key: AUDIT_HEAD_KEY }, data: { value: { seq: before.seq, hash: before.hash } } });
    await expectCaughtEverywhere("checkpoint-ahead", /^ {2}checkpoint-ahead: the chain ends at \d+ but the checkpoint of .* signed row \d+: the newest rows were deleted$/m);
    // Later writes (the API's own audit.verified rows were some) take new numbers; the signed row stays missing.
    await append(2);
    expect((await newest()).seq).toBeGreaterThan(row.seq);
    await expectCaughtEverywhere("checkpoint-mismatch", new RegExp(`^ {2}checkpoint-mismatch: row ${row.seq}, signed by the checkpoint of .*, is gone$`, "m"));
  }, 90_000);

  it("delete the newest row without moving the pointer, then a new write: the new row links to the deleted one", async () => {
    await append(5);
    const deleted = await newest();
    await database.db.auditEvent.delete({ where: { seq: deleted.seq } });
    await expectCaughtEverywhere("missing", new RegExp(`^ {2}missing: the newest rows up to ${deleted.seq} are missing \\(the chain ends at ${deleted.seq - 1}\\)$`, "m"));
    // The API call above wrote audit.verified: that was the "new write". Before issue 32 it reused
    // the deleted seq, linked to what was left and rewrote the pointer, and the chain read intact.
    await append(1);
    const rows = await database.db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true } });
    expect(rows.map((r) => r.seq)).not.toContain(deleted.seq);
    const next = rows.find((r) => r.seq > deleted.seq)!;
    expect((await database.db.auditEvent.findUniqueOrThrow({ where: { seq: next.seq } })).prevHash).toBe(deleted.hash);
    await expectCaughtEverywhere("broken-link", new RegExp(`^ {2}missing: rows between row ${deleted.seq - 1} and row ${next.seq} are missing$`, "m"));
  });

  it("delete the head pointer (with the newest row), then a new write: that row carries the evidence", async () => {
    await append(5);
    const deleted = await newest();
    await database.db.auditEvent.delete({ where: { seq: deleted.seq } });
    await database.db.setting.delete({ where: { key: AUDIT_HEAD_KEY } });
    await expectCaughtEverywhere("head-missing", /^ {2}head-missing: the head pointer \(setting audit\.head\) was deleted$/m);
    await append(2);
    const report = await verifyAuditChain();
    expect(report.problems).toEqual([expect.objectContaining({ kind: "head-missing", message: expect.stringContaining("was written while the head pointer (setting audit.head) was deleted") })]);
    await expectCaughtEverywhere("head-missing", /^ {2}head-missing: row \d+ was written while the head pointer \(setting audit\.head\) was deleted: it does not follow row 4/m);
  });

  it("delete only the head pointer, then writes: still reported (the chain cannot tell whether rows went with it)", async () => {
    await append(3);
    await database.db.setting.delete({ where: { key: AUDIT_HEAD_KEY } });
    await append(3);
    expect(kinds(await verifyAuditChain())).toEqual(["head-missing"]);
  });

  it("a rolled-back write leaves a gap in seq that is not reported", async () => {
    await append(2);
    await expect(
      database.db.$transaction(async (tx) => {
        const { appendAuditEvent } = await import("./append-event");
        await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "test.rolled-back", target: { type: "test" } });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    await append(2);
    const seqs = (await database.db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true } })).map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 4, 5]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, problems: [], checked: 4 });
  });
});

describe("checkpoints: counted, and often", () => {
  it("is due once the head moved and the latest checkpoint is 25 s old, or 1,000 rows behind", () => {
    const at = "2026-12-08T00:00:00.000Z";
    const latest = { seq: 10, hash: "a".repeat(64), at };
    const t = (s: number) => new Date(Date.parse(at) + s * 1000);
    expect(checkpointDue(null, null, t(0))).toBe(false);
    expect(checkpointDue({ seq: 1, hash: "b".repeat(64) }, null, t(0))).toBe(true);
    expect(checkpointDue({ seq: 10, hash: "a".repeat(64) }, latest, t(3600))).toBe(false);
    expect(checkpointDue({ seq: 11, hash: "b".repeat(64) }, latest, t(24))).toBe(false);
    expect(checkpointDue({ seq: 11, hash: "b".repeat(64) }, latest, t(25))).toBe(true);
    expect(checkpointDue({ seq: 1009, hash: "b".repeat(64) }, latest, t(1))).toBe(false);
    expect(checkpointDue({ seq: 1010, hash: "b".repeat(64) }, latest, t(1))).toBe(true);
  });

  it("signs the row count, and a count that no longer matches is a mismatch", async () => {
    await append(4);
    expect(await checkpointIfDue()).toBe("exported");
    expect(await checkpointIfDue()).toBe("not-due");
    const { checkpoint } = await readLatestCheckpoint(getAuditKeyring());
    expect(checkpoint).toMatchObject({ v: 2, seq: 4, count: 4 });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checkpoint: { seq: 4, count: 4 } });
    // A checkpoint (signed with the key) that saw a row more than the chain now holds up to its seq.
    const miscounted = signCheckpoint({ seq: checkpoint!.seq, hash: checkpoint!.hash, count: 5 }, getCurrentAuditKey());
    appendFileSync(checkpointFile(), `${JSON.stringify(miscounted)}\n`);
    expect((await verifyAuditChain()).problems).toEqual([expect.objectContaining({ kind: "checkpoint-mismatch", message: expect.stringMatching(/counted 5 rows up to row 4; the chain has 4$/) })]);
  });

  it("the loop refuses to sign over a forged checkpoint line, and says so once, not at every look", async () => {
    const { log } = await import("@/lib/observability/log");
    const errors = vi.spyOn(log, "error").mockImplementation(() => undefined);
    await append(2);
    expect(await checkpointIfDue()).toBe("exported");
    appendFileSync(checkpointFile(), `${JSON.stringify({ ...signCheckpoint({ seq: 2, hash: "f".repeat(64), count: 2 }, getCurrentAuditKey()), signature: "0".repeat(64) })}\n`);
    await append(1);
    expect(await checkpointIfDue()).toBe("refused");
    expect(await checkpointIfDue()).toBe("refused");
    expect(errors.mock.calls.filter(([msg]) => String(msg).includes("checkpoint refused"))).toHaveLength(1);
    errors.mockRestore();
  });

  it("warns when rows have waited more than 2 minutes for a checkpoint", async () => {
    await append(2);
    await checkpointIfDue();
    await append(1);
    expect((await verifyAuditChain()).warnings).toEqual([]);
    const later = new Date(Date.now() + 3 * 60_000);
    expect(await verifyAuditChain({ now: later })).toMatchObject({ ok: true, warnings: [expect.stringContaining("are in no checkpoint yet")] });
  });

  it("the migration starts the sequence past the rows and the head pointer the earlier code numbered", async () => {
    const sql = readFileSync(path.join(root, "prisma/migrations/20261208000000_audit_seq_sequence/migration.sql"), "utf8");
    await database.db.auditEvent.create({ data: { seq: 41, actorName: "system", action: "legacy.event", targetType: "test", outcome: "success", details: {}, prevHash: "0".repeat(64), hash: "1".repeat(64) } });
    await database.db.setting.create({ data: { key: AUDIT_HEAD_KEY, value: { seq: 42, hash: "2".repeat(64) } } });
    await database.db.$executeRawUnsafe(sql);
    const [{ next }] = await database.db.$queryRawUnsafe<Array<{ next: number }>>(`SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq'))::int AS "next"`);
    expect(next).toBe(43);
  });
});

async function waitForCheckpoint(seq: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { checkpoint } = await readLatestCheckpoint(getAuditKeyring());
    if (checkpoint && checkpoint.seq >= seq) return checkpoint;
    if (Date.now() > until) throw new Error(`no checkpoint of row ${seq} within ${timeoutMs} ms (latest: ${checkpoint?.seq ?? "none"})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
