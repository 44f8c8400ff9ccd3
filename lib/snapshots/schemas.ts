import { z } from "zod";

// Response shapes shared by every domain's reads (the OpenAPI document and its test use them).

export const staleSourcesSchema = z.array(z.object({ name: z.string(), since: z.string().nullable(), error: z.string().nullable() }));
export const freshnessSchema = z.object({ fetchedAt: z.string().nullable(), staleSources: staleSourcesSchema });

export const sourceHealthSchema = z.looseObject({
  name: z.string(),
  kind: z.string(),
  intervalSec: z.number(),
  lastSuccessAt: z.string().nullable(),
  lastTakenAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  consecutiveFailures: z.number(),
  runs: z.number(),
  errorCount: z.number(),
  stale: z.boolean(),
  ageSec: z.number().nullable(),
});
