import { z } from "zod";
import { COST_GROUP_BYS, COST_METRICS, GRANULARITIES } from "./types";
import { addMonths, isValidDay } from "./dates";

/** Cost Explorer keeps 13 months at daily/monthly granularity; longer ranges are refused. */
export const MAX_RANGE_MONTHS = 13;

const day = z.string().refine(isValidDay, { message: "use a date as YYYY-MM-DD" });
const granularity = z.enum(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(", ")}` });
const metric = z.enum(COST_METRICS, { message: `metric must be one of ${COST_METRICS.join(", ")}` });
const groupBy = z.enum(COST_GROUP_BYS, { message: `groupBy must be one of ${COST_GROUP_BYS.join(", ")}` });
/** `?format=csv` turns a GET into a CSV download. */
const format = z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json");

/** The range rule shared by every query: from ≤ to, at most 13 calendar months (inclusive days). */
export function rangeProblem(from: string, to: string): { path: "from" | "to"; message: string } | null {
  if (!isValidDay(from) || !isValidDay(to)) return null;
  if (from > to) return { path: "from", message: `from (${from}) is after to (${to})` };
  // Inclusive range: at most 13 calendar months, e.g. 2024-01-01 … 2025-01-31.
  if (to >= addMonths(from, MAX_RANGE_MONTHS)) return { path: "to", message: `range is longer than ${MAX_RANGE_MONTHS} months` };
  return null;
}

function checkRange(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (q.from === undefined || q.to === undefined) return;
  const p = rangeProblem(q.from, q.to);
  if (p) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
}

/** `GET /api/v1/costs` query: `from`/`to` are inclusive UTC days. */
export const costQuerySchema = z
  .object({ from: day, to: day, granularity: granularity.default("monthly"), metric: metric.default("unblended"), groupBy: groupBy.default("region") })
  .strict()
  .superRefine(checkRange);
export type CostQuery = z.infer<typeof costQuerySchema>;

/** The API's form: `from`/`to` default to the 13-month view through today (the source's today). */
export const costApiQuery = z
  .object({ from: day.optional(), to: day.optional(), granularity: granularity.default("monthly"), metric: metric.default("unblended"), groupBy: groupBy.default("region"), format })
  .strict()
  .superRefine(checkRange);
export type CostApiQuery = z.infer<typeof costApiQuery>;

export const forecastQuerySchema = z.object({ granularity: granularity.default("daily"), metric: metric.default("unblended"), format }).strict();
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

export const rangeQuerySchema = z.object({ from: day.optional(), to: day.optional(), metric: metric.default("unblended"), format }).strict().superRefine(checkRange);
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

export const moversQuerySchema = z.object({ groupBy: groupBy.default("service"), metric: metric.default("unblended"), format }).strict();
export type MoversQuery = z.infer<typeof moversQuerySchema>;

/** The default view: the current month and the 12 before it, through `today`. */
export function defaultCostRange(today: string): { from: string; to: string } {
  return { from: addMonths(`${today.slice(0, 7)}-01`, -(MAX_RANGE_MONTHS - 1)), to: today };
}

export const anomaliesQuerySchema = z.object({ from: day.optional(), to: day.optional(), format }).strict().superRefine(checkRange);
export type AnomaliesQuery = z.infer<typeof anomaliesQuerySchema>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const costFreshness = z.object({ source: z.string(), sourceKind: z.enum(["demo", "cost-explorer"]), fetchedAt: z.string(), stale: z.boolean(), error: z.string().nullable() });
const dateRange = z.object({ from: z.string(), to: z.string() });
const forecastMethod = z.enum(["cost-explorer", "trailing-28d-weekday-average"]);

export const costBreakdownResponse = z.object({
  query: z.object({ from: z.string(), to: z.string(), granularity: z.enum(GRANULARITIES), metric: z.enum(COST_METRICS), groupBy: z.enum(COST_GROUP_BYS) }),
  unit: z.string(),
  points: z.array(z.object({ date: z.string(), key: z.string(), amountMicros: z.number(), amount: z.string() })),
  totals: z.array(z.object({ key: z.string(), amountMicros: z.number(), amount: z.string(), share: z.number().nullable() })),
  periods: z.array(z.object({ date: z.string(), amountMicros: z.number() })),
  totalMicros: z.number(),
  total: z.string(),
  estimated: z.boolean(),
  freshness: costFreshness,
});

export const costForecastResponse = z.object({
  granularity: z.enum(GRANULARITIES),
  metric: z.enum(COST_METRICS),
  unit: z.string(),
  method: forecastMethod,
  points: z.array(z.object({ date: z.string(), meanMicros: z.number(), lowerMicros: z.number().optional(), upperMicros: z.number().optional() })),
  totalMicros: z.number(),
  history: z.array(z.object({ date: z.string(), amountMicros: z.number() })),
  endOfMonth: z.object({ month: z.string(), actualMicros: z.number(), remainingMicros: z.number(), totalMicros: z.number(), remainingDays: z.number(), method: forecastMethod }),
  fallbackReason: z.string().nullable(),
  freshness: costFreshness,
});

export const costMoversResponse = z.looseObject({
  groupBy: z.enum(COST_GROUP_BYS),
  unit: z.string(),
  current: dateRange,
  previous: dateRange,
  movers: z.array(z.object({ key: z.string(), currentMicros: z.number(), previousMicros: z.number(), deltaMicros: z.number(), deltaRatio: z.number().nullable() })),
  freshness: costFreshness,
});

// Per-service redundancy rows are checked by their key only (they carry per-region splits).
export const redundancyResponse = z.object({
  services: z.array(z.looseObject({ serviceId: z.string(), name: z.string(), team: z.string(), dormantRegions: z.array(z.object({ region: z.string(), amountMicros: z.number() })) })),
  totalMicros: z.number(),
  allSpendMicros: z.number(),
  share: z.number().nullable(),
  trend: z.array(z.object({ month: z.string(), amountMicros: z.number(), allSpendMicros: z.number(), share: z.number().nullable() })),
  range: dateRange,
  unit: z.string(),
  byRegion: z.array(z.object({ region: z.string(), amountMicros: z.number() })),
  readiness: z.record(z.string(), z.object({ verdict: z.enum(["ready", "at-risk", "unknown", "not-ready"]), to: z.string() }).nullable()),
  monthly: z
    .object({ month: z.string(), amountMicros: z.number(), share: z.number().nullable(), complete: z.boolean() })
    .nullable()
    .describe("The headline: the latest complete month's dormant spend (the current month only when no other is in the range)"),
  dormantReplicas: z.object({ counted: z.number(), all: z.number() }).describe("Dormant replicas counted (protected service × dormant region) and all in the fleet"),
  freshness: costFreshness,
});

export const anomaliesResponse = z.object({
  range: dateRange,
  anomalies: z.array(
    z.object({
      id: z.string(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      dimensionValue: z.string().nullable(),
      rootCauses: z.array(z.object({ service: z.string().nullable(), region: z.string().nullable(), usageType: z.string().nullable(), linkedAccount: z.string().nullable() })),
      impact: z.object({ maxMicros: z.number(), totalMicros: z.number(), actualMicros: z.number(), expectedMicros: z.number(), percentage: z.number().nullable() }),
      score: z.object({ max: z.number(), current: z.number() }),
      unit: z.string(),
      meridianService: z.string().nullable(),
    }),
  ),
  freshness: costFreshness,
});

export const refreshCostsResponse = z.object({ source: z.string(), kind: z.string(), refreshed: z.number(), failed: z.array(z.string()), requests: z.number() });
