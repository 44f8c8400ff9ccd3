import type { DemoFleet } from "@/lib/demo/fleet";
import { generateDemoCostTable, getDemoCostRange, listDemoAnomalies } from "@/lib/demo/costs";
import { FORECAST_HORIZON_MONTHS, type CostSource } from "../cost-source";
import { addDays, addMonths, monthStart } from "../dates";
import { FORECAST_METHOD, forecastDaily, forecastMonthly } from "../forecast";
import { sumMicros, totalsByPeriod } from "../rollup";
import { listServiceRegionTotals, rollupTable, type CostTable } from "../table";
import type { CostMetric, DateRange } from "../types";

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
