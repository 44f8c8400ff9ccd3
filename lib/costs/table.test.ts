import { describe, expect, it } from "vitest";
import { rollup } from "./rollup";
import { costTableFromRecords, costTableToRecords, listServiceRegionMonths, rollupTable } from "./table";
import type { CostRecord } from "./types";

// A service belongs to one team and system (the table keeps them per service).
const records: CostRecord[] = [
  { date: "2025-01-31", region: "us-east-1", service: "api", system: "s1", team: "t1", amountMicros: 50_000 },
  { date: "2025-01-30", region: "eu-west-1", service: "api", system: "s1", team: "t1", amountMicros: 100_000 },
  { date: "2025-01-31", region: "eu-west-1", service: "api", system: "s1", team: "t1", amountMicros: 200_000 },
  { date: "2025-02-01", region: "eu-west-1", service: "db", system: "s2", team: "t2", amountMicros: 1_005_000 },
  { date: "2025-02-01", region: "us-east-1", service: "db", system: "s2", team: "t2", amountMicros: 300_000 },
];

describe("columnar cost table", () => {
  it("rolls up exactly like the record roll-up, for every group-by and granularity", () => {
    const t = costTableFromRecords(records);
    for (const g of ["region", "service", "team", "system"] as const)
      for (const gran of ["daily", "monthly"] as const) {
        expect(rollupTable(t, g, gran)).toEqual(rollup(records, g, gran));
        expect(rollupTable(t, g, gran, { from: "2025-01-31", to: "2025-02-01" })).toEqual(rollup(records, g, gran, { from: "2025-01-31", to: "2025-02-01" }));
      }
  });

  it("round-trips records and sums service × region per month", () => {
    const t = costTableFromRecords(records);
    expect(costTableToRecords(t)).toEqual(records);
    // api/eu-west-1 in January: 0.10 + 0.20 = 0.30.
    expect(listServiceRegionMonths(t)).toEqual([
      { date: "2025-01-01", service: "api", region: "eu-west-1", amountMicros: 300_000 },
      { date: "2025-01-01", service: "api", region: "us-east-1", amountMicros: 50_000 },
      { date: "2025-02-01", service: "db", region: "eu-west-1", amountMicros: 1_005_000 },
      { date: "2025-02-01", service: "db", region: "us-east-1", amountMicros: 300_000 },
    ]);
  });
});
