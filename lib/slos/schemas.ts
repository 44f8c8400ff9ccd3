import { z } from "zod";
import { parseDuration } from "@/lib/config/duration";
import { freshnessSchema } from "@/lib/snapshots/schemas";

const BURN_STATES = ["page", "ticket", "ok", "quiet", "no-data"] as const;
const SORT_KEYS = ["service", "region", "sli", "objective", "budget", "state", "eta"] as const;

/** Filters of the compliance table (the page's URL and GET /api/v1/slos). */
export const listSlosQuery = z
  .object({
    system: z.string().max(100).optional(),
    service: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    state: z.enum(BURN_STATES).optional(),
    /** Free text over id, service and name. */
    q: z.string().max(200).optional(),
    sort: z.enum(SORT_KEYS).optional(),
    dir: z.enum(["asc", "desc"]).optional(),
  })
  .strict();
export type ListSlosQuery = z.infer<typeof listSlosQuery>;
export type SloSortKey = (typeof SORT_KEYS)[number];

export const sloIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,200}$/, "an SLO id looks like service.name.region") }).strict();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** ?range=6h|1d|7d|28d…: how far back the charts go (1 h to 90 d); absent = the SLO's window. */
export const sloSeriesQuery = z
  .object({
    range: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined || text === "") return null;
        const ms = parseDuration(text);
        if (ms === null || ms < HOUR || ms > 90 * DAY) {
          ctx.addIssue({ code: "custom", message: `range "${text}" must be a duration between 1h and 90d, e.g. 6h, 1d, 7d, 28d` });
          return z.NEVER;
        }
        return ms;
      }),
  })
  .strict();
export type SloSeriesQuery = z.infer<typeof sloSeriesQuery>;

export const recordingRulesQuery = z.object({ interval: z.string().regex(/^\d+[smh]$/, "an evaluation interval such as 30s or 1m").optional().describe("Evaluation interval of each rule group") }).strict();

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
// An SLO row is wide (burn rates per window, firing conditions): checked by its key fields.
const budgetNumbers = z.object({ allowedBadFraction: z.number(), consumed: z.number(), remaining: z.number(), totalMinutes: z.number(), consumedMinutes: z.number(), remainingMinutes: z.number() });
export const sloRowSchema = z.looseObject({
  slo: z.string(),
  service: z.string(),
  region: z.string(),
  name: z.string(),
  objective: z.number(),
  windowMs: z.number(),
  sli: z.number().nullable(),
  met: z.boolean().nullable(),
  budget: budgetNumbers.nullable(),
  burnRates: z.record(z.string(), z.number().nullable()),
  state: z.enum(BURN_STATES),
  exhaustionInMs: z.number().nullable(),
  serviceName: z.string(),
  thresholdMs: z.number().nullable(),
  latency: z
    .object({ quantile: z.number(), ms: z.number().nullable(), windowMs: z.number() })
    .nullable()
    .optional()
    .describe("Latency SLOs: the measured percentile (the objective's) over windowMs; null = not measured"),
  errors: z.array(z.string()),
  collected: z.boolean(),
  fetchedAt: z.string().nullable(),
  dataAsOf: z.string().nullable(),
  noDataSince: z.string().nullable(),
  budgetFrozen: z.boolean(),
});
export const sloOverviewResponse = z.object({
  rows: z.array(sloRowSchema),
  summary: z.looseObject({ total: z.number(), met: z.number(), notMet: z.number(), noData: z.number(), byState: z.record(z.string(), z.number()), bySystem: z.array(z.looseObject({ system: z.string(), slos: z.number() })) }),
  freshness: freshnessSchema,
  fetchedAt: z.string().nullable(),
});
export const sloDetailResponse = z.looseObject({
  row: sloRowSchema,
  description: z.string(),
  thresholdMs: z.number().nullable(),
  minRequestRate: z.number().nullable(),
  labels: z.record(z.string(), z.string()),
  conditions: z.array(z.looseObject({ longBurn: z.number().nullable(), shortBurn: z.number().nullable(), firing: z.boolean() })),
  freshness: freshnessSchema,
});
export const sloSeriesResponse = z.object({
  slo: z.string(),
  objective: z.number(),
  start: z.number(),
  end: z.number(),
  stepSec: z.number(),
  rateWindowSec: z.number().describe("Each SLI point is the good share over this many seconds before it"),
  points: z.array(z.object({ t: z.number(), sli: z.number().nullable(), windowSli: z.number().nullable(), budgetRemaining: z.number().nullable() })),
  deployments: z.array(z.object({ service: z.string(), region: z.string(), version: z.string(), previousVersion: z.string().nullable(), at: z.string() })),
  notes: z.array(z.string()),
});
