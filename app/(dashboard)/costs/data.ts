import { cache } from "react";
import type { CostReader } from "@/lib/costs/cost-reader";
import { getCostBreakdown, getCostForecastView, getCostSummary, getRedundancyView, listCostAnomalies, listCostMovers } from "@/lib/costs/queries";
import { pivot } from "@/lib/costs/rollup";
import type { CostGroupBy, CostMetric, CostPoint, Granularity } from "@/lib/costs/types";
import type { Series } from "@/components/charts/stacked-area-chart";

// One answer per request whichever panels ask (summary cards and panels share reads).
export const loadBreakdown = cache((r: CostReader, from: string, to: string, granularity: Granularity, metric: CostMetric, groupBy: CostGroupBy) =>
  getCostBreakdown({ from, to, granularity, metric, groupBy }, r),
);
export const loadForecast = cache((r: CostReader, granularity: Granularity, metric: CostMetric) => getCostForecastView({ granularity, metric }, r));
export const loadSummary = cache((r: CostReader, metric: CostMetric) => getCostSummary(metric, r));
export const loadMovers = cache((r: CostReader, groupBy: CostGroupBy, metric: CostMetric) => listCostMovers({ groupBy, metric }, r));
export const loadRedundancy = cache((r: CostReader, from: string, to: string, metric: CostMetric) => getRedundancyView({ from, to, metric }, r));
export const loadAnomalies = cache((r: CostReader) => listCostAnomalies({}, r));

const units = (micros: number) => Math.round(micros / 10_000) / 100;

/** Points → at most `maxKeys` stacked series (the rest folded into "Other"), in display units. */
export function toStackedSeries(points: CostPoint[], maxKeys = 8): Series[] {
  const p = pivot(points, maxKeys);
  return p.keys.map((key, k) => ({ key: `s${k}`, label: key, points: p.periods.map((x, i) => ({ x, y: units(p.values[k][i]) })) }));
}

export function toSeries(key: string, label: string, rows: Array<{ date: string; micros: number }>): Series {
  return { key, label, points: rows.map((r) => ({ x: r.date, y: units(r.micros) })) };
}
