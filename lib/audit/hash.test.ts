import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashAuditRow, verifyChain, type AuditHashInput } from "./hash";

function chain(n: number) {
  const rows: Array<AuditHashInput & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const row: AuditHashInput = {
      seq: i, at: new Date(Date.UTC(2026, 10, 22, 12, 0, i)), actorId: "u1", actorName: "approver", action: "change.approved",
      targetType: "change", targetId: `c${i}`, outcome: "success", reason: null, details: { plan: "abc", n: i }, requestId: null, prevHash: prev,
    };
    const hash = hashAuditRow(row);
    rows.push({ ...row, hash });
    prev = hash;
  }
  return rows;
}

describe("audit hash chain", () => {
  it("accepts an untouched chain", () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5, problems: [] });
  });

  it("detects an edited row", () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actorName: "operator" };
    const result = verifyChain(rows);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: "edited" }));
  });

  it("detects a deleted row", () => {
    const rows = chain(5);
    rows.splice(1, 1);
    const result = verifyChain(rows);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(["missing", "broken-link"]));
  });

  it("does not depend on the key order the database returns JSON in", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});
