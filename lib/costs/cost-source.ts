import type { CostAnomaly, CostForecast, CostMetric, CostSeries, DateRange, Granularity, CostGroupBy } from "./types";

/** Costs by service × region per month (or day): the input of the cost-of-redundancy view. */
export type ServiceRegionCost = { date: string; service: string; region: string; amountMicros: number };

/**
 * Where cost data comes from: the demo generator or Cost Explorer. Callers (the collector) cache
 * results; every live call costs money.
 */
export interface CostSource {
  readonly kind: "demo" | "cost-explorer";
  getCosts(range: DateRange, granularity: Granularity, metric: CostMetric, groupBy: CostGroupBy): Promise<CostSeries>;
  /** From the day after `asOf` (the last complete day): DAILY up to 3 months, MONTHLY up to 12. */
  getForecast(asOf: string, granularity: Granularity, metric: CostMetric): Promise<CostForecast>;
  getAnomalies(range: DateRange): Promise<CostAnomaly[]>;
  getServiceRegionCosts(range: DateRange, metric: CostMetric, granularity?: Granularity): Promise<{ unit: string; rows: ServiceRegionCost[] }>;
}

/** Forecast horizons Cost Explorer allows: 3 months daily, 12 months monthly. */
export const FORECAST_HORIZON_MONTHS: Record<Granularity, number> = { daily: 3, monthly: 12 };
