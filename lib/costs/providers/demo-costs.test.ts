import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { rollup, sumMicros } from "@/lib/costs/rollup";
import { demoFleet } from "@/lib/demo/fleet";
import { generateDemoCosts, getDemoCostRange, getDemoCostSpike, listDemoAnomalies } from "./demo-costs";
import type { FleetState } from "@/lib/demo/state";

const config = configSchema.parse({
  version: 1,
  regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
  sources: [{ name: "demo", kind: "demo" }],
  systems: [
    {
      id: "chain", name: "Chain", team: "core",
      services: [
        { id: "node", name: "Node", team: "core", stateful: true, tier: "critical", regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
        { id: "api", name: "API", team: "edge", regions: { "eu-west-1": "active-active", "us-east-1": "active-active" } },
        { id: "web", name: "Web", team: "web", regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
      ],
    },
  ],
});
const AT = Date.parse("2025-06-17T10:00:00Z");

function fleet(scenario: FleetState["scenario"] = "steady", since = "2025-06-14T08:00:00Z") {
  return demoFleet(config, { scenario, scenarioSince: since, anchor: "2025-05-01T00:00:00Z", moves: [] }, AT);
}

describe("demo costs", () => {
  it("covers 13 calendar months through today, one record per service × region × day", () => {
    const range = getDemoCostRange(fleet());
    expect(range).toEqual({ from: "2024-06-01", to: "2025-06-17" });
    const rows = generateDemoCosts(fleet(), range);
    // 2024-06-01 … 2025-06-17 = 365 + 17 = 382 days; 3 services × 2 regions.
    expect(rows).toHaveLength(382 * 6);
    expect(rows.every((r) => Number.isInteger(r.amountMicros) && r.amountMicros > 0)).toBe(true);
  });

  it("is deterministic, and a past day does not change as time moves on", () => {
    const range = { from: "2025-01-01", to: "2025-01-31" };
    const later = demoFleet(config, fleet().state, AT + 40 * 86_400_000);
    expect(generateDemoCosts(fleet(), range)).toEqual(generateDemoCosts(later, range));
  });

  it("dormant replicas cost 25–40 % of the active side, before region price differences", () => {
    const rows = generateDemoCosts(fleet(), { from: "2025-05-01", to: "2025-05-31" }, "amortized");
    const node = (region: string) => sumMicros(rows.filter((r) => r.service === "node" && r.region === region));
    const ratio = node("us-east-1") / node("eu-west-1");
    // us-east-1 is the cheapest region (price factor 1) and eu-west-1 costs 1.03–1.25×, so the
    // dormant/active ratio lies in [0.25 / 1.25, 0.40 / 1.03].
    expect(ratio).toBeGreaterThan(0.25 / 1.25);
    expect(ratio).toBeLessThan(0.4 / 1.03);
  });

  it("grows over the year and has a weekly rhythm", () => {
    const rows = generateDemoCosts(fleet(), getDemoCostRange(fleet()), "amortized");
    const monthly = rollup(rows, "service", "monthly").filter((p) => p.key === "web");
    // Per day, June 2025 is above June 2024 (growth ≥ 1 %/month).
    expect(monthly.at(-1)!.amountMicros / 17).toBeGreaterThan((monthly[0].amountMicros / 30) * 1.1);
    const daily = rows.filter((r) => r.service === "web" && r.region === "eu-west-1" && r.date >= "2025-05-05" && r.date <= "2025-05-11");
    const weekdays = sumMicros(daily.slice(0, 5)) / 5;
    const weekend = sumMicros(daily.slice(5)) / 2;
    expect(weekend / weekdays).toBeLessThan(0.9);
  });

  it("unblended bills reserved capacity on the 1st, amortized spreads it; the month totals stay close", () => {
    const range = { from: "2025-05-01", to: "2025-05-31" };
    const u = generateDemoCosts(fleet(), range, "unblended").filter((r) => r.service === "node" && r.region === "eu-west-1");
    const a = generateDemoCosts(fleet(), range, "amortized").filter((r) => r.service === "node" && r.region === "eu-west-1");
    expect(u[0].amountMicros).toBeGreaterThan(a[0].amountMicros * 3);
    expect(u[1].amountMicros).toBeLessThan(a[1].amountMicros);
    expect(Math.abs(sumMicros(u) / sumMicros(a) - 1)).toBeLessThan(0.05);
  });

  it("steady state has no anomaly", () => {
    expect(getDemoCostSpike(fleet())).toBeNull();
    expect(listDemoAnomalies(fleet(), { from: "2025-06-01", to: "2025-06-17" })).toEqual([]);
  });

  it("cost-spike quadruples one service in one region from the scenario's day and reports one anomaly", () => {
    const spiky = fleet("cost-spike");
    const spike = getDemoCostSpike(spiky)!;
    expect(spike.region).toBe(spike.service.activeRegion);
    const range = { from: "2025-06-10", to: "2025-06-17" };
    const before = generateDemoCosts(fleet(), range, "amortized");
    const after = generateDemoCosts(spiky, range, "amortized");
    after.forEach((r, i) => {
      const hit = r.service === spike.service.id && r.region === spike.region && r.date >= "2025-06-14";
      if (!hit) expect(r.amountMicros).toBe(before[i].amountMicros);
      else expect(r.amountMicros).toBeGreaterThan(before[i].amountMicros * 2.5);
    });

    const anomalies = listDemoAnomalies(spiky, { from: "2025-06-01", to: "2025-06-17" });
    expect(anomalies).toHaveLength(1);
    const [a] = anomalies;
    expect(a).toMatchObject({ startDate: "2025-06-14", endDate: "2025-06-17", meridianService: spike.service.id, unit: "USD" });
    expect(a.rootCauses).toEqual([expect.objectContaining({ region: spike.region })]);
    expect(a.rootCauses[0].usageType).toMatch(/^(EUW1|USE1)-/);
    // Impact is consistent: actual − expected, from 4 spiked days.
    expect(a.impact.totalMicros).toBe(a.impact.actualMicros - a.impact.expectedMicros);
    expect(a.impact.totalMicros).toBeGreaterThan(a.impact.maxMicros);
    expect(a.impact.totalMicros).toBeLessThanOrEqual(a.impact.maxMicros * 4);
    // Spiked days are at least 2.5× the baseline: impact ≥ 150 % of expected.
    expect(a.impact.percentage!).toBeGreaterThan(150);
    // Outside the anomaly's dates there is nothing to report.
    expect(listDemoAnomalies(spiky, { from: "2025-05-01", to: "2025-06-13" })).toEqual([]);
  });
});
