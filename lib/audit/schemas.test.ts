import { describe, expect, it } from "vitest";
import { parseAuditDetails, type AuditDetails } from "./schemas";

describe("audit details", () => {
  it("accepts JSON values and leaves out undefined properties, as JSON does", () => {
    const details = parseAuditDetails({ a: 1, b: "x", c: [true, null, { d: 2.5 }], e: undefined });
    expect(JSON.parse(JSON.stringify(details))).toEqual({ a: 1, b: "x", c: [true, null, { d: 2.5 }] });
  });

  it("refuses what jsonb would store differently from what the chain hashes, naming where it is", () => {
    expect(() => parseAuditDetails({ at: new Date() })).toThrow("details.at: a Date is not a JSON value (pass date.toISOString())");
    expect(() => parseAuditDetails({ nested: { list: [1, { fn: () => 1 }] } })).toThrow("details.nested.list.1.fn: a function is not a JSON value");
    expect(() => parseAuditDetails({ n: Number.NaN })).toThrow("details.n: NaN is not a JSON value");
    expect(() => parseAuditDetails({ big: 1n })).toThrow("details.big: a bigint is not a JSON value");
    expect(() => parseAuditDetails({ m: new Map() })).toThrow("details.m: a Map is not a JSON value");
    expect(() => parseAuditDetails(new Date())).toThrow("details: a Date is not a JSON object");
  });

  it("refuses a Date at compile time", () => {
    // @ts-expect-error a Date is not a JSON value
    const details: AuditDetails = { at: new Date() };
    expect(details).toBeDefined();
  });
});
