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
