import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { demoFleet } from "@/lib/demo/fleet";
import { costForecast, paged, resultByTime, startCostExplorerServer, type CostExplorerServer } from "@/tests/support/cost-explorer-server";
import { createAwsCostSource } from "./aws";
import { createDemoCostSource } from "./demo";
import { forecastCsv } from "../exports";

let server: CostExplorerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = configSchema.parse({
  version: 1,
  regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
  sources: [{ name: "demo", kind: "demo" }],
  systems: [{ id: "s", name: "S", team: "t", services: [{ id: "db", name: "DB", team: "t", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
});
const fleet = demoFleet(config, { scenario: "cost-spike", scenarioSince: "2025-06-14T00:00:00Z", anchor: "2025-05-01T00:00:00Z", moves: [] }, Date.parse("2025-06-17T10:00:00Z"));

describe("demo cost source", () => {
  it("totals agree across group-bys and the forecast covers 3 months daily / 12 monthly", async () => {
    const src = createDemoCostSource(fleet);
    const range = { from: "2025-05-01", to: "2025-06-17" };
    const byRegion = await src.getCosts(range, "monthly", "unblended", "region");
    const byTeam = await src.getCosts(range, "daily", "unblended", "team");
    expect(byRegion.totalMicros).toBe(byTeam.totalMicros);
    expect(byRegion.points.map((p) => p.key)).toEqual(["eu-west-1", "us-east-1", "eu-west-1", "us-east-1"]);
    const daily = await src.getForecast("2025-06-16", "daily", "unblended");
    // 2025-06-17 … 2025-09-30: 14 + 31 + 31 + 30 = 106 days.
    expect(daily.points).toHaveLength(106);
    expect(daily.points[0].date).toBe("2025-06-17");
    const monthly = await src.getForecast("2025-06-16", "monthly", "unblended");
    expect(monthly.points.map((p) => p.date)).toEqual(["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"]);
    expect((await src.getAnomalies(range)).map((a) => a.meridianService)).toEqual(["db"]);
  });
});

describe("AWS cost source on the contract server", () => {
  it("asks for an exclusive End, groups by the team tag and totals the string amounts exactly", async () => {
    server = await startCostExplorerServer({
      GetCostAndUsage: paged([
        { ResultsByTime: [resultByTime("2025-01-01", "2025-02-01", "AmortizedCost", [["team$payments", "0.1"], ["team$", "0.2"]])] },
        { ResultsByTime: [resultByTime("2025-02-01", "2025-02-15", "AmortizedCost", [["team$payments", "1.005"]], true)] },
      ]),
    });
    const requests: string[] = [];
    const src = createAwsCostSource({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, onRequest: (op) => requests.push(op) });
    const s = await src.getCosts({ from: "2025-01-01", to: "2025-02-14" }, "monthly", "amortized", "team");
    expect(server.requests[0].body).toMatchObject({ TimePeriod: { Start: "2025-01-01", End: "2025-02-15" }, Metrics: ["AmortizedCost"], GroupBy: [{ Type: "TAG", Key: "team" }] });
    expect(s.points).toEqual([
      { date: "2025-01-01", key: "payments", amountMicros: 100_000 },
      { date: "2025-01-01", key: "(untagged)", amountMicros: 200_000 },
      { date: "2025-02-01", key: "payments", amountMicros: 1_005_000 },
    ]);
    // 0.1 + 0.2 + 1.005 = 1.305 exactly.
    expect(s.totalMicros).toBe(1_305_000);
    expect(s.estimated).toBe(true);
    expect(requests).toEqual(["GetCostAndUsage", "GetCostAndUsage"]);
  });

  it("groups by the configured cost allocation tag key", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: paged([{ ResultsByTime: [resultByTime("2025-01-01", "2025-02-01", "UnblendedCost", [["cost-center$payments", "2"]])] }]) });
    const src = createAwsCostSource({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, tags: { team: "cost-center" } });
    const s = await src.getCosts({ from: "2025-01-01", to: "2025-01-31" }, "monthly", "unblended", "team");
    expect(server.requests[0].body).toMatchObject({ GroupBy: [{ Type: "TAG", Key: "cost-center" }] });
    expect(s.points).toEqual([{ date: "2025-01-01", key: "payments", amountMicros: 2_000_000 }]);
  });

  it("reads GetCostForecast's 80 % prediction interval through the real SDK and fills the CSV's bounds", async () => {
    server = await startCostExplorerServer({ GetCostForecast: costForecast(100, 10) });
    const src = createAwsCostSource({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url });
    const f = await src.getForecast("2025-06-16", "monthly", "unblended");
    expect(server.requests[0].body).toMatchObject({ PredictionIntervalLevel: 80, Granularity: "MONTHLY", TimePeriod: { Start: "2025-06-17" } });
    expect(f.method).toBe("cost-explorer");
    // June 17–30 (14 days) then whole months: mean 100/day, half-width 1.2816 × 10 × √days.
    expect(f.points[0]).toEqual({ date: "2025-06-17", meanMicros: 1_400_000_000, lowerMicros: 1_352_046_900, upperMicros: 1_447_953_100 });
    for (const p of f.points) expect(p.lowerMicros! < p.meanMicros && p.meanMicros < p.upperMicros!).toBe(true);
    const csv = forecastCsv({ granularity: "monthly", metric: "unblended", unit: f.unit, method: f.method, points: f.points, totalMicros: f.totalMicros } as Parameters<typeof forecastCsv>[0]);
    const [header, first] = csv.text.trim().split(/\r?\n/);
    expect(header).toContain("lower_bound,upper_bound");
    expect(first.split(",").slice(-2)).toEqual(["1352.046900", "1447.953100"]);
  });
});

