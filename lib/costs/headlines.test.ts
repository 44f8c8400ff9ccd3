import { describe, expect, it } from "vitest";
import { lastMonthTotal, latestCompleteMonth, plural, topWithOther } from "./headlines";

describe("cost headlines", () => {
  it("folds everything past the top n into one Other row so rows sum to the total", () => {
    const rows = Array.from({ length: 15 }, (_, i) => ({ key: `svc-${String(i).padStart(2, "0")}`, amountMicros: (15 - i) * 1_000_000 }));
    const total = rows.reduce((s, r) => s + r.amountMicros, 0);
    const top = topWithOther(rows, 12);
    expect(top).toHaveLength(12);
    expect(top.reduce((s, r) => s + r.amountMicros, 0)).toBe(total);
    expect(top[11]).toEqual({ key: "Other (4)", amountMicros: (4 + 3 + 2 + 1) * 1_000_000, folded: 4 });
    expect(top[0].key).toBe("svc-00");
  });

  it("keeps every row when they fit", () => {
    const rows = [{ key: "a", amountMicros: 1 }, { key: "b", amountMicros: 2 }];
    expect(topWithOther(rows, 12).map((r) => r.key)).toEqual(["b", "a"]);
  });

  it("totals the whole of last month, not only the days so far", () => {
    const daily = [
      { date: "2025-05-31", amountMicros: 7 },
      { date: "2025-06-01", amountMicros: 10 },
      { date: "2025-06-20", amountMicros: 20 },
      { date: "2025-06-30", amountMicros: 30 },
      { date: "2025-07-01", amountMicros: 100 },
    ];
    expect(lastMonthTotal(daily, "2025-07-02")).toEqual({ month: "2025-06-01", from: "2025-06-01", to: "2025-06-30", amountMicros: 60 });
  });

  it("headlines the latest complete month, not the range total or the partial month", () => {
    const trend = [
      { month: "2025-05-01", amountMicros: 100 },
      { month: "2025-07-01", amountMicros: 10 },
      { month: "2025-06-01", amountMicros: 110 },
    ];
    expect(latestCompleteMonth(trend, "2025-07-09")).toEqual({ month: "2025-06-01", amountMicros: 110, complete: true });
    expect(latestCompleteMonth([{ month: "2025-07-01", amountMicros: 10 }], "2025-07-09")).toEqual({ month: "2025-07-01", amountMicros: 10, complete: false });
    expect(latestCompleteMonth([], "2025-07-09")).toBeNull();
  });

  it("says 1 day, not 1 days", () => {
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(0, "day")).toBe("0 days");
    expect(plural(12, "service")).toBe("12 services");
  });
});
