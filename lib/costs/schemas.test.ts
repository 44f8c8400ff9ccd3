import { describe, expect, it } from "vitest";
import { addMonths } from "./dates";
import { costQuerySchema, defaultCostRange } from "./schemas";

const messages = (input: Record<string, unknown>) => {
  const r = costQuerySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("cost query validation", () => {
  it("applies defaults", () => {
    expect(costQuerySchema.parse({ from: "2025-01-01", to: "2025-01-31" })).toEqual({
      from: "2025-01-01",
      to: "2025-01-31",
      granularity: "monthly",
      metric: "unblended",
      groupBy: "region",
    });
  });

  it("refuses from after to, with a message naming both", () => {
    expect(messages({ from: "2025-02-01", to: "2025-01-31" })).toEqual(["from: from (2025-02-01) is after to (2025-01-31)"]);
  });

  it("allows exactly 13 months and refuses one day more", () => {
    expect(messages({ from: "2024-01-01", to: "2025-01-31" })).toEqual([]);
    expect(messages({ from: "2024-01-01", to: "2025-02-01" })).toEqual(["to: range is longer than 13 months"]);
  });

  it("refuses unknown group-by, metric, granularity and impossible dates", () => {
    expect(messages({ from: "2025-01-01", to: "2025-01-02", groupBy: "az" })[0]).toMatch(/^groupBy: groupBy must be one of region, service, team, system/);
    expect(messages({ from: "2025-01-01", to: "2025-01-02", metric: "blended" })[0]).toMatch(/^metric: metric must be one of unblended, amortized/);
    expect(messages({ from: "2025-01-01", to: "2025-01-02", granularity: "hourly" })[0]).toMatch(/^granularity:/);
    expect(messages({ from: "2025-02-30", to: "2025-03-01" })).toEqual(["from: use a date as YYYY-MM-DD"]);
  });

  it("clamps month arithmetic and builds the 13-month default", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-03-15", -3)).toBe("2024-12-15");
    expect(defaultCostRange("2025-06-17")).toEqual({ from: "2024-06-01", to: "2025-06-17" });
  });
});
