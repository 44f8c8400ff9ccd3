import { z } from "zod";
import { duration } from "@/lib/config/duration";

/** A replication link from a protected service's active replica to a dormant one. */
export const linkConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    service: z.string(),
    from: z.string(),
    to: z.string(),
    engine: z.enum(["postgres", "aurora", "rds", "mysql", "mongodb", "redis", "substrate"]),
    unit: z.enum(["seconds", "bytes", "blocks"]),
    /** How many units make a second, where a time equivalent can be derived (e.g. 6 s per block). */
    secondsPerUnit: z.number().positive().optional(),
    rpo: duration,
    warning: z.number().nonnegative(),
    breach: z.number().nonnegative(),
    source: z.string().optional().describe("Name of a prometheus or cloudwatch source; the demo source when omitted"),
    query: z.string().optional().describe("PromQL returning the lag in `unit`"),
    cloudwatch: z
      .object({ namespace: z.string(), metric: z.string(), dimensions: z.record(z.string(), z.string()), region: z.string() })
      .optional(),
  })
  .strict();
export type LinkConfig = z.infer<typeof linkConfigSchema>;
