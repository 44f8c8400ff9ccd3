// Costs at scale: 13 months daily × 20 regions × 50 services (≈ 400k points) rolled up for /costs.
// Baseline: the raw generation and roll-ups in this process; then the built console's server render
// of /costs (the whole streamed page) and GET /api/v1/costs. Run `npx next build` first.
import { configSchema } from "@/lib/config/schema";
import { createDemoCostSource } from "@/lib/costs/providers/demo";
import { addMonths, monthStart } from "@/lib/costs/dates";
import { forecastDaily } from "@/lib/costs/forecast";
import { getCostOfRedundancy, listProtectedServices } from "@/lib/costs/redundancy";
import { totalsByPeriod } from "@/lib/costs/rollup";
import { generateDemoCostTable, getDemoCostRange } from "@/lib/costs/providers/demo-costs";
import { expandDemoConfig } from "@/lib/config/expand-demo-size";
import { demoFleet } from "@/lib/demo/fleet";
import { measure, startBenchConsole, type BenchResult } from "./support";

const SIZE = { regions: 20, services: 50 };
// No declared systems: every one of the 50 synthetic services runs in all 20 regions (1,000 pairs).
const CONFIG = `version: 1
demo: { seed: 42, size: { regions: ${SIZE.regions}, services: ${SIZE.services} } }
regions:
  - { id: eu-west-1, name: Europe (Ireland) }
  - { id: us-east-1, name: US East (N. Virginia) }
sources:
  - { name: demo, kind: demo, interval: 30s, timeout: 10s }
`;

export async function rawBaseline(): Promise<BenchResult[]> {
  const config = expandDemoConfig(configSchema.parse({ version: 1, demo: { seed: 42, size: SIZE }, regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }], sources: [{ name: "demo", kind: "demo" }] }));
  const now = Date.now();
  const fleet = demoFleet(config, { scenario: "steady", scenarioSince: new Date(now).toISOString(), anchor: new Date(now).toISOString(), moves: [] }, now);
  const range = getDemoCostRange(fleet);
  const points = generateDemoCostTable(fleet, range).length;
  const generate = await measure("costs: generate 13 mo daily demo table (raw)", 10, async () => generateDemoCostTable(fleet, range), `${points} points`);
  const source = createDemoCostSource(fleet);
  const today = range.to;
  const protectedServices = listProtectedServices(fleet.topology.services);
  // What one /costs render asks of the data: region chart, service/team/system totals, recent daily, forecasts, redundancy.
  const rollups = await measure("costs: /costs roll-ups on the table (raw baseline)", 30, async () => {
    await source.getCosts(range, "monthly", "unblended", "region");
    for (const g of ["service", "team", "system"] as const) await source.getCosts(range, "monthly", "unblended", g);
    const recent = await source.getCosts({ from: addMonths(monthStart(today), -2), to: today }, "daily", "unblended", "service");
    forecastDaily(totalsByPeriod(recent.points), today, 100);
    await source.getForecast(today, "daily", "unblended");
    await source.getForecast(today, "monthly", "unblended");
    getCostOfRedundancy((await source.getServiceRegionCosts(range, "unblended")).rows, protectedServices);
  }, `${points} points`);
  const one = await measure("costs: one roll-up, 13 mo by region monthly (raw)", 50, () => source.getCosts(range, "monthly", "unblended", "region"));
  return [generate, rollups, one];
}

export async function run(): Promise<BenchResult[]> {
  const raw = await rawBaseline();
  const console_ = await startBenchConsole({ config: CONFIG, user: "viewer" });
  try {
    const t = performance.now();
    await console_.get("/costs");
    const cold = Math.round(performance.now() - t);
    const page = await measure("costs: GET /costs server render (built console)", 20, () => console_.get("/costs"), `first render ${cold} ms (builds the table)`);
    const api = await measure("costs: GET /api/v1/costs (13 mo monthly by region)", 30, () => console_.get("/api/v1/costs"));
    const apiDaily = await measure("costs: GET /api/v1/costs daily by service", 20, () => console_.get("/api/v1/costs?granularity=daily&groupBy=service"), "50 × 396 points as JSON");
    return [...raw, page, api, apiDaily];
  } finally {
    await console_.stop();
  }
}
