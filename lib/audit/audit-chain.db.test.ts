import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { AUDIT_HEAD_KEY, appendAuditEvent, recordAuditEvent } from "./append-event";
import { auditKeyId, getCurrentAuditKey } from "./audit-keys";
import { signCheckpoint } from "./checkpoint";
import { AuditCheckpointRefusedError, exportAuditCheckpoint } from "./export-checkpoint";
import { canonicalJson, GENESIS_HASH, hashAuditRow } from "./hash";
import { verifyAuditChain } from "./verify-audit-chain";

const KEY_1 = "key-one-".padEnd(64, "1");
const KEY_2 = "key-two-".padEnd(64, "2");

let database: TestDatabase;
let dataDir: string;
let checkpoints: string;
let n = 0;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "meridian-audit-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(async () => {
  // Each case starts from its own chain; the data folder is a temporary one, never the repo's .data.
  vi.stubEnv("MERIDIAN_DATA_DIR", dataDir);
  vi.stubEnv("MERIDIAN_AUDIT_KEY", KEY_1);
  vi.stubEnv("MERIDIAN_AUDIT_KEYS_OLD", "");
  checkpoints = path.join(dataDir, `checkpoints-${++n}.jsonl`);
  vi.stubEnv("MERIDIAN_AUDIT_CHECKPOINT_PATH", checkpoints);
  database = await startTestDatabase();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await database?.stop();
});

async function append(count: number, action = "test.event") {
  for (let i = 0; i < count; i++) await recordAuditEvent({ actor: { id: null, name: "system" }, action, target: { type: "test", id: String(i) }, details: { i } });
}

/**
 * What someone with write access to the database does: edit one row, recompute every later row's
 * prevHash and hash with `hash`, and move the head pointer to the new last hash.
 */
async function rewriteFrom(seq: number, edit: Record<string, unknown>, hash: (row: Parameters<typeof hashAuditRow>[0]) => string, everyRow: Record<string, unknown> = {}) {
  const rows = await database.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
  let prevHash = rows.find((r) => r.seq === seq - 1)?.hash ?? GENESIS_HASH;
  for (const row of rows.filter((r) => r.seq >= seq)) {
    const changes = { ...everyRow, ...(row.seq === seq ? edit : {}) };
    const changed = { ...row, ...changes, prevHash };
    const { hash: _old, ...fields } = changed;
    const newHash = hash(fields);
    // Two steps: hash is unique, and a rewritten row may take a hash another row still holds.
    await database.db.auditEvent.update({ where: { seq: row.seq }, data: { ...changes, prevHash, hash: `tmp-${row.seq}` } });
    await database.db.auditEvent.update({ where: { seq: row.seq }, data: { hash: newHash } });
    prevHash = newHash;
  }
  const last = rows.at(-1)!;
  await database.db.setting.update({ where: { key: AUDIT_HEAD_KEY }, data: { value: { seq: last.seq, hash: prevHash } } });
}

describe("audit chain", () => {
  it("chains concurrent appends without forking, every row under the configured key", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.event", target: { type: "test", id: String(i) }, details: { i } })),
    );
    expect(await verifyAuditChain({ pageSize: 5 })).toMatchObject({ ok: true, checked: 12, legacy: 0, problems: [] });
    const ids = await database.db.auditEvent.findMany({ distinct: ["keyId"], select: { keyId: true } });
    expect(ids).toEqual([{ keyId: auditKeyId(KEY_1) }]);
  });

  it("rolls the event back with the state change it belongs to", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "test.rolled-back", target: { type: "test" } });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await database.db.auditEvent.count({ where: { action: "test.rolled-back" } })).toBe(0);
  });

  it("refuses a Date in details before it reaches the chain, which stays intact", async () => {
    await append(2);
    const details = { at: new Date() } as unknown as Record<string, string>; // what a cast or plain JS could pass
    await expect(recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.date", target: { type: "test" }, details })).rejects.toThrow("details.at: a Date is not a JSON value");
    expect(await database.db.auditEvent.count()).toBe(2);
    await recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.date", target: { type: "test" }, details: { at: new Date(0).toISOString() } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 3 });
  });

  it("detects an edited row", async () => {
    await append(5);
    await database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorName" = 'mallory' WHERE seq = 3`);
    const report = await verifyAuditChain();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: "edited" }));
  });

  it("detects a row edited and the chain and head pointer recomputed without the key", async () => {
    await append(6);
    const guessed = { id: auditKeyId(KEY_1), secret: randomBytes(32) }; // the right id, not the right secret
    await rewriteFrom(3, { actorName: "mallory" }, (row) => hashAuditRow(row, guessed));
    const report = await verifyAuditChain();
    expect(report.problems.filter((p) => p.kind !== "edited")).toEqual([]);
    expect(report.problems.map((p) => p.seq)).toEqual([3, 4, 5, 6]);
  });

  it("detects the chain recomputed as plain SHA-256 rows after keyed ones", async () => {
    await append(4);
    await rewriteFrom(3, { actorName: "mallory" }, (row) => hashAuditRow(row, null), { keyId: null });
    const report = await verifyAuditChain();
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([[3, "downgraded"], [4, "downgraded"]]);
  });

  it("detects deleted rows, the newest one and the head pointer", async () => {
    await append(12);
    await database.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 12`);
    expect((await verifyAuditChain()).problems).toContainEqual(expect.objectContaining({ kind: "missing", seq: 12 }));
    await database.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 6`);
    expect((await verifyAuditChain()).problems).toContainEqual(expect.objectContaining({ kind: "missing", seq: 7 }));
    await database.db.setting.delete({ where: { key: AUDIT_HEAD_KEY } });
    expect((await verifyAuditChain()).problems).toContainEqual(expect.objectContaining({ kind: "head-missing", seq: 11 }));
  });

  it("still verifies rows written before the chain was keyed, as a prefix", async () => {
    // Rows as the previous code wrote them: no keyId, plain SHA-256 of the canonical row.
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)), actorId: null, actorName: "system", action: "legacy.event", targetType: "test", targetId: null, outcome: "success", reason: null, details: { seq }, requestId: null, prevHash };
      const hash = createHash("sha256").update(canonicalJson({ ...row, at: row.at.toISOString() })).digest("hex");
      await database.db.auditEvent.create({ data: { ...row, hash } });
      await database.db.setting.upsert({ where: { key: AUDIT_HEAD_KEY }, create: { key: AUDIT_HEAD_KEY, value: { seq, hash } }, update: { value: { seq, hash } } });
      prevHash = hash;
    }
    await append(2);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 5, legacy: 3 });
  });

  it("verifies rows under a rotated key with the keyring, and says which key it lacks without it", async () => {
    await append(3);
    vi.stubEnv("MERIDIAN_AUDIT_KEY", KEY_2);
    vi.stubEnv("MERIDIAN_AUDIT_KEYS_OLD", `${auditKeyId(KEY_1)}:${KEY_1}`);
    await append(3);
    const ids = await database.db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { keyId: true } });
    expect(ids.map((r) => r.keyId)).toEqual([...Array(3).fill(auditKeyId(KEY_1)), ...Array(3).fill(auditKeyId(KEY_2))]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 6 });

    vi.stubEnv("MERIDIAN_AUDIT_KEYS_OLD", "");
    const report = await verifyAuditChain();
    expect(report.problems).toEqual([expect.objectContaining({ kind: "unknown-key", seq: 1, message: expect.stringContaining(`audit key ${auditKeyId(KEY_1)}`) })]);
  });

  it("without MERIDIAN_AUDIT_KEY, generates one key into the data folder (mode 600) and keeps using it", async () => {
    vi.stubEnv("MERIDIAN_AUDIT_KEY", undefined);
    await append(2);
    const file = path.join(dataDir, "audit-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const generated = readFileSync(file, "utf8").trim();
    await append(1);
    expect(readFileSync(file, "utf8").trim()).toBe(generated);
    const ids = await database.db.auditEvent.findMany({ distinct: ["keyId"], select: { keyId: true } });
    expect(ids).toEqual([{ keyId: auditKeyId(generated) }]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 3 });
  });

  it("exports a signed checkpoint of the head outside the database, once per head, and verifies against it", async () => {
    await append(3);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checkpoint: null, warnings: [expect.stringContaining("no audit checkpoint")] });
    const first = await exportAuditCheckpoint();
    expect(first).toMatchObject({ status: "exported", file: checkpoints, checkpoint: { seq: 3, keyId: auditKeyId(KEY_1) } });
    expect(await exportAuditCheckpoint()).toMatchObject({ status: "unchanged", checkpoint: { seq: 3 } });
    await append(2);
    expect(await exportAuditCheckpoint()).toMatchObject({ status: "exported", checkpoint: { seq: 5 } });
    const written = readFileSync(checkpoints, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(written.map((c) => c.seq)).toEqual([3, 5]);
    const head = await database.db.auditEvent.findUnique({ where: { seq: 5 } });
    expect(written[1].hash).toBe(head!.hash);
    await append(1); // rows newer than the checkpoint are fine
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 6, warnings: [], checkpoint: { seq: 5 } });
  });

  it("detects a chain rewritten with the key and its head pointer fixed, by the checkpoint", async () => {
    await append(5);
    await exportAuditCheckpoint();
    const key = getCurrentAuditKey(); // the worst case: the key leaked along with the database
    await rewriteFrom(2, { actorName: "mallory" }, (row) => hashAuditRow(row, key));
    const report = await verifyAuditChain();
    expect(report.problems).toEqual([expect.objectContaining({ seq: 5, kind: "checkpoint-mismatch", message: expect.stringContaining("row 5 no longer has the hash the checkpoint") })]);
    await expect(exportAuditCheckpoint()).rejects.toThrow(AuditCheckpointRefusedError);
  });

  it("detects the deleted newest row, with the head pointer moved back, by the checkpoint", async () => {
    await append(5);
    await exportAuditCheckpoint();
    const row4 = await database.db.auditEvent.findUnique({ where: { seq: 4 } });
    await database.db.auditEvent.delete({ where: { seq: 5 } });
    await database.db.setting.update({ where: { key: AUDIT_HEAD_KEY }, data: { value: { seq: 4, hash: row4!.hash } } });
    const report = await verifyAuditChain();
    expect(report.problems).toEqual([expect.objectContaining({ seq: 5, kind: "checkpoint-ahead", message: expect.stringContaining("the chain ends at 4 but the checkpoint") })]);
    await expect(exportAuditCheckpoint()).rejects.toThrow("the chain ends at 4");

    await database.db.setting.delete({ where: { key: AUDIT_HEAD_KEY } });
    expect((await verifyAuditChain()).problems.map((p) => p.kind)).toEqual(["head-missing", "checkpoint-ahead"]);
  });

  it("detects a checkpoint line that was forged or edited, and does not sign over it", async () => {
    await append(3);
    await exportAuditCheckpoint();
    const forged = signCheckpoint({ seq: 2, hash: "f".repeat(64), count: 2 }, { id: auditKeyId(KEY_1), secret: randomBytes(32) });
    appendFileSync(checkpoints, `${JSON.stringify(forged)}\n`);
    const report = await verifyAuditChain();
    expect(report.checkpoint).toMatchObject({ seq: 3 });
    expect(report.problems).toEqual([expect.objectContaining({ kind: "checkpoint-invalid", message: expect.stringContaining("its signature does not verify") })]);
    await append(1);
    await expect(exportAuditCheckpoint()).rejects.toThrow("its signature does not verify");
  });

  it("holds the chain against a checkpoint signed with a retired key", async () => {
    await append(2);
    await exportAuditCheckpoint();
    vi.stubEnv("MERIDIAN_AUDIT_KEY", KEY_2);
    vi.stubEnv("MERIDIAN_AUDIT_KEYS_OLD", KEY_1);
    await append(2);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 4, checkpoint: { seq: 2, keyId: auditKeyId(KEY_1) } });
    expect(await exportAuditCheckpoint()).toMatchObject({ status: "exported", checkpoint: { seq: 4, keyId: auditKeyId(KEY_2) } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checkpoint: { seq: 4 } });
  });
});
