// Cost domain types. Amounts are integer micro-units of `unit` (see money.ts); dates are UTC
// calendar days "YYYY-MM-DD"; a monthly period is named by its first day.

export const GRANULARITIES = ["daily", "monthly"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const COST_METRICS = ["unblended", "amortized"] as const;
export type CostMetric = (typeof COST_METRICS)[number];

export const COST_GROUP_BYS = ["region", "service", "team", "system"] as const;
export type CostGroupBy = (typeof COST_GROUP_BYS)[number];

/** One fact: what one service cost in one region on one day (demo, or stored snapshots). */
export type CostRecord = {
  date: string;
  region: string;
  service: string;
  system: string;
  team: string;
  amountMicros: number;
};

/** A rolled-up amount: one group (`key`) in one period (`date` = period start). */
export type CostPoint = { date: string; key: string; amountMicros: number };

/** Inclusive UTC day range. */
export type DateRange = { from: string; to: string };

export type CostSeries = {
  range: DateRange;
  granularity: Granularity;
  metric: CostMetric;
  groupBy: CostGroupBy;
  unit: string;
  points: CostPoint[];
  totalMicros: number;
  /** True when the last period is still open (CE marks it Estimated). */
  estimated: boolean;
};

export type ForecastPoint = { date: string; meanMicros: number; lowerMicros?: number; upperMicros?: number };

export type CostForecast = {
  granularity: Granularity;
  metric: CostMetric;
  unit: string;
  points: ForecastPoint[];
  totalMicros: number;
  /** Where the numbers come from, shown beside the chart. */
  method: "cost-explorer" | "trailing-28d-weekday-average";
};

export type CostAnomaly = {
  id: string;
  startDate: string;
  endDate: string | null;
  /** What the monitor watches, e.g. an AWS service name. */
  dimensionValue: string | null;
  rootCauses: Array<{ service: string | null; region: string | null; usageType: string | null; linkedAccount: string | null }>;
  impact: { maxMicros: number; totalMicros: number; actualMicros: number; expectedMicros: number; percentage: number | null };
  score: { max: number; current: number };
  unit: string;
  /** The Meridian service the spend belongs to, when known (demo, or a `service` cost tag). */
  meridianService: string | null;
};

/** The cost allocation tag keys that carry team, system and service (configurable per cost-explorer source). */
export type CostTagKeys = { team: string; system: string; service: string };
export const DEFAULT_COST_TAGS: CostTagKeys = { team: "team", system: "system", service: "service" };
