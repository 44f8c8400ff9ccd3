import { z } from "zod";
import { parseDuration } from "@/lib/config/duration";

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
