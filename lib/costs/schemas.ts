import { z } from "zod";
import { COST_GROUP_BYS, COST_METRICS, GRANULARITIES } from "./types";
import { addMonths, isValidDay } from "./dates";

/** Cost Explorer keeps 13 months at daily/monthly granularity; longer ranges are refused. */
export const MAX_RANGE_MONTHS = 13;

const day = z.string().refine(isValidDay, { message: "use a date as YYYY-MM-DD" });

/** `GET /api/v1/costs` query: `from`/`to` are inclusive UTC days. */
export const costQuerySchema = z
  .object({
    from: day,
    to: day,
    granularity: z.enum(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(", ")}` }).default("monthly"),
    metric: z.enum(COST_METRICS, { message: `metric must be one of ${COST_METRICS.join(", ")}` }).default("unblended"),
    groupBy: z.enum(COST_GROUP_BYS, { message: `groupBy must be one of ${COST_GROUP_BYS.join(", ")}` }).default("region"),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!isValidDay(q.from) || !isValidDay(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["from"], message: `from (${q.from}) is after to (${q.to})` });
    // Inclusive range: at most 13 calendar months, e.g. 2024-01-01 … 2025-01-31.
    else if (q.to >= addMonths(q.from, MAX_RANGE_MONTHS))
      ctx.addIssue({ code: "custom", path: ["to"], message: `range is longer than ${MAX_RANGE_MONTHS} months` });
  });
export type CostQuery = z.infer<typeof costQuerySchema>;

export const forecastQuerySchema = z
  .object({
    granularity: z.enum(GRANULARITIES).default("daily"),
    metric: z.enum(COST_METRICS).default("unblended"),
  })
  .strict();
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

/** The default view: the current month and the 12 before it, through `today`. */
export function defaultCostRange(today: string): { from: string; to: string } {
  return { from: addMonths(`${today.slice(0, 7)}-01`, -(MAX_RANGE_MONTHS - 1)), to: today };
}
