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

/**
 * Where a stateful service's last successful backup is read from: an `aws` source (RDS or Aurora
 * snapshots of a cluster or instance in `region`) or a `prometheus` source (`query` returns the Unix
 * time in seconds of the last success, e.g. `max(backup_last_success_timestamp_seconds{job="pg"})`).
 */
export const backupConfigSchema = z
  .object({
    service: z.string(),
    region: z.string(),
    source: z.string(),
    rds: z
      .object({ cluster: z.string().optional().describe("Aurora DB cluster identifier"), instance: z.string().optional().describe("RDS DB instance identifier") })
      .strict()
      .refine((r) => Boolean(r.cluster) !== Boolean(r.instance), "name exactly one of cluster or instance")
      .optional(),
    query: z.string().optional(),
  })
  .strict()
  .refine((b) => Boolean(b.rds) !== Boolean(b.query), "a backup reads either rds (with an aws source) or query (with a prometheus source)");
export type BackupConfig = z.infer<typeof backupConfigSchema>;
