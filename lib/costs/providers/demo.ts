import type { DemoFleet } from "@/lib/demo/fleet";
import type { CostRead } from "../cache";
import type { CostReader } from "../cost-reader";
import { demoToday, generateDemoCostTable, getDemoCostRange, listDemoAnomalies } from "./demo-costs";
import { FORECAST_HORIZON_MONTHS, type CostSource } from "../cost-source";
import { addDays, addMonths, monthStart } from "../dates";
import { FORECAST_METHOD, forecastDaily, forecastMonthly } from "../forecast";
import { sumMicros, totalsByPeriod } from "../rollup";
import { listServiceRegionTotals, rollupTable, type CostTable } from "../table";
import { DEFAULT_COST_TAGS, type CostMetric, type CostSeries, type DateRange } from "../types";
import type { MeridianConfig } from "@/lib/config/schema";

/** The demo fleet's costs: generated on demand (≈ 0.1–0.3 s for 400k points), cached per metric. */
export function createDemoCostSource(fleet: DemoFleet): CostSource {
  const full = getDemoCostRange(fleet);
  const tables = new Map<CostMetric, CostTable>();
  const table = (metric: CostMetric) => {
    let t = tables.get(metric);
    if (!t) tables.set(metric, (t = generateDemoCostTable(fleet, full, metric)));
    return t;
  };
  const clamp = (r: DateRange): DateRange => ({ from: r.from < full.from ? full.from : r.from, to: r.to > full.to ? full.to : r.to });

  return {
    kind: "demo",
    async getCosts(range, granularity, metric, groupBy) {
      const points = rollupTable(table(metric), groupBy, granularity, clamp(range));
      return { range, granularity, metric, groupBy, unit: "USD", points, totalMicros: sumMicros(points), estimated: range.to >= full.to };
    },
    async getForecast(asOf, granularity, metric) {
      // Four months of history is plenty for the 28 + 28-day window.
      const daily = totalsByPeriod(rollupTable(table(metric), "region", "daily", { from: addMonths(asOf, -4), to: asOf }));
      const points =
        granularity === "daily"
          ? forecastDaily(daily, asOf, Math.round((Date.parse(addMonths(monthStart(asOf), FORECAST_HORIZON_MONTHS.daily + 1)) - Date.parse(addDays(asOf, 1))) / 86_400_000))
          : forecastMonthly(daily, asOf, FORECAST_HORIZON_MONTHS.monthly);
      return { granularity, metric, unit: "USD", points, totalMicros: points.reduce((s, p) => s + p.meanMicros, 0), method: FORECAST_METHOD };
    },
    async getAnomalies(range) {
      return listDemoAnomalies(fleet, range);
    },
    async getServiceRegionCosts(range, metric, granularity = "monthly") {
      return { unit: "USD", rows: listServiceRegionTotals(table(metric), granularity, clamp(range)) };
    },
  };
}

/** The demo generator needs no cache; it still goes through the same reader so pages share one path. */
export function createDemoCostReader(fleet: DemoFleet, source: CostSource = createDemoCostSource(fleet), name = "demo"): CostReader {
  const fresh = <T>(data: T): CostRead<T> => ({ data, fetchedAt: new Date(fleet.at).toISOString(), stale: false, error: null });
  const today = demoToday(fleet);
  const costs = new Map<string, Promise<CostRead<CostSeries>>>();
  return {
    source: { name, kind: "demo", refreshMs: null, tags: DEFAULT_COST_TAGS },
    today,
    earliest: getDemoCostRange(fleet).from,
    // Panels of one page ask for the same roll-up (month-to-date, forecast, movers): compute it once per reader.
    getCosts: (range, granularity, metric, groupBy) => {
      const key = JSON.stringify([range.from, range.to, granularity, metric, groupBy]);
      let hit = costs.get(key);
      if (!hit) costs.set(key, (hit = source.getCosts(range, granularity, metric, groupBy).then(fresh)));
      return hit;
    },
    getForecast: async (granularity, metric) => fresh(await source.getForecast(today, granularity, metric)),
    getAnomalies: async (range) => fresh(await source.getAnomalies(range)),
    getServiceRegionCosts: async (range, metric, granularity) => fresh(await source.getServiceRegionCosts(range, metric, granularity)),
  };
}


// One demo source per fleet state and day: its tables (≈ 400k rows at benchmark size) are built once.
const demoCache = new WeakMap<MeridianConfig, { key: string; source: CostSource }>();

export function demoSourceFor(fleet: DemoFleet): CostSource {
  const key = JSON.stringify([demoToday(fleet), fleet.state.scenario, fleet.state.scenarioSince, fleet.rolesKey]);
  const hit = demoCache.get(fleet.config);
  if (hit?.key === key) return hit.source;
  const source = createDemoCostSource(fleet);
  demoCache.set(fleet.config, { key, source });
  return source;
}
