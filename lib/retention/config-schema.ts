import { z } from "zod";
import { duration } from "@/lib/config/duration";

/**
 * How long housekeeping keeps what grows without bound. Audit rows are never deleted. A finished
 * change keeps its summary, counts, hash and log; only the plan file and plan JSON go.
 */
export const retentionConfigSchema = z
  .object({
    deploymentEvents: duration.prefault("400d").describe("Version history and the timeline's deploy markers"),
    sourceRequests: duration.prefault("400d").describe("Records of billed/rate-limited source requests (Cost Explorer)"),
    finishedPlans: duration.prefault("90d").describe("Plan file and plan JSON of applied, failed, stale, rejected or cancelled changes"),
    logChunks: duration.prefault("400d").describe("Apply output and failover step logs"),
  })
  .strict();
export type RetentionConfig = z.infer<typeof retentionConfigSchema>;
