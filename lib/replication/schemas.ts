import { z } from "zod";
import { queryInt } from "@/lib/http/query-schemas";
import { freshnessSchema } from "@/lib/snapshots/schemas";
import { LAG_RANGES } from "./types";

export const linkParams = z.object({ link: z.string().regex(/^[a-z0-9-]+$/, "a link id: lowercase letters, digits and dashes").max(200) }).strict();
export type LinkParams = z.infer<typeof linkParams>;

export const linkSeriesQuery = z.object({ range: z.enum(LAG_RANGES).default("1h") }).strict();
export type LinkSeriesQuery = z.infer<typeof linkSeriesQuery>;

export const readinessQuery = z
  .object({
    service: z.string().max(200).optional(),
    /** Pairs with this region on either side. */
    region: z.string().max(200).optional(),
    verdict: z.enum(["ready", "at-risk", "unknown", "not-ready"]).optional(),
    q: z.string().max(200).optional().describe("Search service ids and names"),
    /** Worst first. At 1,000 services × 20 regions there are thousands of pairs: one page at a time. */
    page: queryInt(1).default(1),
    pageSize: queryInt(1, 500).default(100),
  })
  .strict();
export type ReadinessQuery = z.output<typeof readinessQuery>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const verdict = z.enum(["ready", "at-risk", "unknown", "not-ready"]);
const reason = z.looseObject({ check: z.string(), verdict, message: z.string() });
export const linkRowSchema = z.looseObject({
  linkId: z.string(),
  service: z.string(),
  from: z.string(),
  to: z.string(),
  engine: z.string(),
  unit: z.string(),
  lag: z.number().nullable(),
  lagSeconds: z.number().nullable(),
  rpoSeconds: z.number(),
  warning: z.number(),
  breach: z.number(),
  state: z.string(),
  reason: z.string(),
  sampledAt: z.string().nullable(),
  source: z.string().nullable(),
  sourceKind: z.string().nullable(),
  note: z.string().nullable(),
  lastReadAt: z.string().nullable(),
  ageSec: z.number().nullable(),
  noSamplesSince: z.string().nullable(),
  sparkline: z.array(z.number()),
});
export const listLinksResponse = z.object({ links: z.array(linkRowSchema), freshness: freshnessSchema });
export const linkDetailResponse = z.object({
  link: linkRowSchema,
  range: z.enum(LAG_RANGES),
  stepSec: z.number(),
  points: z.array(z.object({ t: z.number(), lag: z.number(), lagSeconds: z.number().nullable() })),
  chart: z.object({
    unit: z.string(),
    name: z.string(),
    values: z.array(z.object({ t: z.number(), v: z.number() })),
    thresholds: z.array(z.object({ kind: z.enum(["warning", "breach", "rpo"]), y: z.number(), label: z.string() })),
  }),
  pointsFrom: z.enum(["source", "snapshot"]),
  seriesError: z.string().nullable(),
  freshness: freshnessSchema,
});
export const readinessRowSchema = z.object({
  service: z.string(),
  from: z.string(),
  to: z.string(),
  verdict,
  reasons: z.array(reason),
  expectedDataLossSec: z.number().nullable(),
  evaluatedAt: z.string(),
  serviceName: z.string(),
  tier: z.string(),
  checks: z.array(reason),
  links: z.array(z.string()),
  lastKnownDataLoss: z.object({ seconds: z.number(), asOf: z.string().nullable() }).nullable(),
  lagAsOf: z.string().nullable(),
  dataAsOf: z.string().nullable(),
});
export const readinessResponse = z.object({
  readiness: z.array(readinessRowSchema),
  /** Pairs matching the filters (before paging), and every pair's count per verdict (before the verdict filter). */
  total: z.number(),
  counts: z.record(verdict, z.number()),
  page: z.number(),
  pages: z.number(),
  pageSize: z.number(),
  freshness: freshnessSchema,
});
