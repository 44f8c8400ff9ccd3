import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditKeyId, parseOldKeys, type AuditKey } from "./audit-keys";
import { canonicalJson, GENESIS_HASH, hashAuditRow, verifyChain, type AuditHashInput } from "./hash";

const key = (secret: string): AuditKey => ({ id: auditKeyId(secret), secret: Buffer.from(secret) });
const K1 = key("k1-".padEnd(40, "a"));
const K2 = key("k2-".padEnd(40, "b"));
const ring = (...keys: AuditKey[]) => new Map(keys.map((k) => [k.id, k]));

type Row = AuditHashInput & { hash: string };

/** Rows signed with the given key per row (null: a legacy row from before keys). */
function chain(keys: Array<AuditKey | null>, from: Row[] = []): Row[] {
  const rows = [...from];
  for (const k of keys) {
    const i = rows.length + 1;
    const row: AuditHashInput = {
      seq: i, at: new Date(Date.UTC(2026, 10, 22, 12, 0, i)), actorId: "u1", actorName: "approver", action: "change.approved",
      targetType: "change", targetId: `c${i}`, outcome: "success", reason: null, details: { plan: "abc", n: i }, requestId: null,
      prevHash: rows.at(-1)?.hash ?? GENESIS_HASH, keyId: k?.id ?? null,
    };
    rows.push({ ...row, hash: hashAuditRow(row, k) });
  }
  return rows;
}

/** What an attacker with database access but without the key can do: recompute plain SHA-256 from `from` on. */
function rehashWithoutKey(rows: Row[], from: number, keepKeyId: boolean): Row[] {
  const out = rows.slice(0, from - 1);
  for (const r of rows.slice(from - 1)) {
    const row = { ...r, prevHash: out.at(-1)?.hash ?? GENESIS_HASH, keyId: keepKeyId ? r.keyId : null };
    const { seq, at, actorId, actorName, action, targetType, targetId, outcome, reason, details, requestId, prevHash } = row;
    const material = canonicalJson({ seq, at: at.toISOString(), actorId, actorName, action, targetType, targetId, outcome, reason, details, requestId, prevHash, keyId: keepKeyId ? (row.keyId ?? undefined) : undefined });
    out.push({ ...row, hash: createHash("sha256").update(material).digest("hex") });
  }
  return out;
}

describe("audit hash chain", () => {
  it("accepts an untouched keyed chain", () => {
    expect(verifyChain(chain([K1, K1, K1, K1, K1]), ring(K1))).toEqual({ ok: true, checked: 5, problems: [] });
  });

  it("still verifies rows written before keys, hashed exactly as they were (plain SHA-256 of the canonical row)", () => {
    const rows = chain([null, null, K1, K1]);
    const { hash, keyId, ...first } = rows[0];
    expect(keyId).toBeNull();
    expect(hash).toBe(createHash("sha256").update(canonicalJson({ ...first, at: first.at.toISOString() })).digest("hex"));
    expect(verifyChain(rows, ring(K1))).toMatchObject({ ok: true, checked: 4 });
  });

  it("detects an edited row", () => {
    const rows = chain([K1, K1, K1, K1, K1]);
    rows[2] = { ...rows[2], actorName: "operator" };
    const result = verifyChain(rows, ring(K1));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: "edited" }));
  });

  it("detects a row edited and the rest of the chain recomputed without the key", () => {
    const rows = chain([K1, K1, K1, K1, K1]);
    rows[2] = { ...rows[2], actorName: "operator" };
    const forged = rehashWithoutKey(rows, 3, true);
    const result = verifyChain(forged, ring(K1));
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[3, "edited"], [4, "edited"], [5, "edited"]]);
  });

  it("detects a keyed chain rewritten as legacy rows after the first keyed row", () => {
    const forged = rehashWithoutKey(chain([null, K1, K1, K1]), 3, false);
    const result = verifyChain(forged, ring(K1));
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[3, "downgraded"], [4, "downgraded"]]);
  });

  it("detects a deleted row", () => {
    const rows = chain([K1, K1, K1, K1, K1]);
    rows.splice(1, 1);
    const result = verifyChain(rows, ring(K1));
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(["missing", "broken-link"]));
  });

  it("accepts a gap in seq whose rows still link (a transaction that took a number rolled back)", () => {
    const rows = chain([K1, K1]);
    const row: AuditHashInput = { ...rows[1], seq: 5, prevHash: rows[1].hash, targetId: "c5" };
    const gapped = [...rows, { ...row, hash: hashAuditRow(row, K1) }];
    expect(verifyChain(gapped, ring(K1))).toEqual({ ok: true, checked: 3, problems: [] });
  });

  it("reports a row that starts from the genesis hash after others: it was written with the head pointer deleted", () => {
    const rows = chain([K1, K1]);
    const row: AuditHashInput = { ...rows[1], seq: 3, prevHash: GENESIS_HASH, targetId: "c3" };
    const result = verifyChain([...rows, { ...row, hash: hashAuditRow(row, K1) }], ring(K1));
    expect(result.problems).toEqual([expect.objectContaining({ seq: 3, kind: "head-missing", message: expect.stringContaining("does not follow row 2") })]);
  });

  it("reports a first row that does not start from the genesis hash: the rows before it were deleted", () => {
    const result = verifyChain(chain([K1, K1, K1]).slice(1), ring(K1));
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[2, "missing"], [2, "broken-link"]]);
  });

  it("verifies rows under a retired key with the keyring, and says once which key it lacks", () => {
    const rows = chain([K1, K1, K2, K2]);
    expect(verifyChain(rows, ring(K2, K1)).ok).toBe(true);
    const result = verifyChain(rows, ring(K2));
    expect(result.problems).toEqual([expect.objectContaining({ seq: 1, kind: "unknown-key", message: expect.stringContaining(`2 row(s) from 1 to 2 are signed with audit key ${K1.id}`) })]);
  });

  it("does not depend on the key order the database returns JSON in", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});

describe("audit keys", () => {
  it("names a key by the first 8 hex of its SHA-256", () => {
    expect(auditKeyId("x".repeat(32))).toBe(createHash("sha256").update("x".repeat(32)).digest("hex").slice(0, 8));
  });

  it("reads retired keys with or without their id, and refuses an id that is not the secret's", () => {
    const secret = "old-".padEnd(40, "c");
    expect(parseOldKeys(` ${auditKeyId(secret)}:${secret} , ${"d".repeat(32)},`).map((k) => k.id)).toEqual([auditKeyId(secret), auditKeyId("d".repeat(32))]);
    expect(() => parseOldKeys(`00000000:${secret}`)).toThrow("key id 00000000 does not match its secret");
    expect(() => parseOldKeys("short")).toThrow("at least 32 characters");
  });
});
