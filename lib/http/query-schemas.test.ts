import { describe, expect, it } from "vitest";
import { listAuditQuery } from "@/lib/audit/schemas";
import { changeDetailQuery } from "@/lib/changes/schemas";
import { changeLogQuery, listChangesQuery } from "@/lib/changes/schemas";
import { deploymentMatrixQuery } from "@/lib/deployments/schemas";
import { timelineQuery } from "@/lib/timeline/schemas";
import { INT32_MAX, queryDate, queryInt } from "./query-schemas";

describe("integers from queries stay inside int4", () => {
  it("accepts the edges and refuses one past them", () => {
    expect(queryInt(0).safeParse(String(INT32_MAX)).success).toBe(true);
    expect(queryInt(0).safeParse("2147483648").success).toBe(false);
    expect(queryInt(0).safeParse("-1").success).toBe(false);
    expect(queryInt(1, 500).safeParse("501").success).toBe(false);
    for (const bad of ["1e400", "Infinity", "NaN", "1.5", "abc", "9".repeat(40)]) expect(queryInt(0).safeParse(bad).success, bad).toBe(false);
  });

  it("applies to the cursors and offsets the attacker used", () => {
    expect(listAuditQuery.safeParse({ before: "2147483648" }).success).toBe(false);
    expect(listAuditQuery.safeParse({ before: "2147483647" }).success).toBe(true);
    // The log's SQL adds one to the offset, so int4's maximum itself is refused.
    expect(changeLogQuery.safeParse({ offset: "2147483648" }).success).toBe(false);
    expect(changeLogQuery.safeParse({ offset: String(INT32_MAX) }).success).toBe(false);
    expect(changeLogQuery.safeParse({ offset: String(INT32_MAX - 1) }).success).toBe(true);
    expect(changeDetailQuery.safeParse({ page: "2147483648" }).success).toBe(false);
    expect(deploymentMatrixQuery.safeParse({ page: "99999999999" }).success).toBe(false);
    expect(listChangesQuery.safeParse({ limit: "1e3" }).success).toBe(false);
  });
});

describe("times from queries stay within 1970–9999", () => {
  it("refuses years beyond 9999 and before 1970, and nonsense", () => {
    for (const bad of ["+010000-01-01T00:00:00Z", "10000-01-01", "-000001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "not a date", "+275760-09-13T00:00:00Z"]) {
      expect(queryDate().safeParse(bad).success, bad).toBe(false);
      expect(listAuditQuery.safeParse({ from: bad }).success, bad).toBe(false);
      expect(timelineQuery.safeParse({ to: bad }).success, bad).toBe(false);
    }
  });

  it("accepts the edges", () => {
    expect(queryDate().safeParse("1970-01-01T00:00:00Z").success).toBe(true);
    expect(queryDate().safeParse("9999-12-31T23:59:59.999Z").success).toBe(true);
    expect(timelineQuery.safeParse({ from: "9999-12-30T00:00:00Z", to: "9999-12-31T00:00:00Z" }).success).toBe(true);
  });
});
