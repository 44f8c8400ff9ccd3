import { cache } from "react";
import type { CostReader } from "@/lib/costs/cost-reader";
import { getCostBreakdown, getCostForecastView, getCostSummary, getRedundancyView, listCostAnomalies, listCostMovers } from "@/lib/costs/queries";
import type { CostGroupBy, CostMetric, Granularity } from "@/lib/costs/types";

// The /costs page's reads, cached per request: one answer whichever panels ask (the summary cards and
// the panels share reads).
export const loadBreakdown = cache((r: CostReader, from: string, to: string, granularity: Granularity, metric: CostMetric, groupBy: CostGroupBy) =>
  getCostBreakdown({ from, to, granularity, metric, groupBy }, r),
);
export const loadForecast = cache((r: CostReader, granularity: Granularity, metric: CostMetric) => getCostForecastView({ granularity, metric }, r));
export const loadSummary = cache((r: CostReader, metric: CostMetric) => getCostSummary(metric, r));
export const loadMovers = cache((r: CostReader, groupBy: CostGroupBy, metric: CostMetric) => listCostMovers({ groupBy, metric }, r));
export const loadRedundancy = cache((r: CostReader, from: string, to: string, metric: CostMetric) => getRedundancyView({ from, to, metric }, r));
export const loadAnomalies = cache((r: CostReader) => listCostAnomalies({}, r));
