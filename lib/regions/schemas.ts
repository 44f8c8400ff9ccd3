import { z } from "zod";
import { staleSourcesSchema as staleSources } from "@/lib/snapshots/schemas";

export const listRegionsQuery = z.object({}).strict();
export const regionParams = z.object({ id: z.string().max(50).regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes") }).strict();

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const capacity = z.object({ cpu: z.number(), memoryGiB: z.number() });
const health = z.enum(["healthy", "degraded", "down", "unreachable", "unknown"]);

export const regionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  health,
  clusters: z.number(),
  unreachableClusters: z.number(),
  nodes: z.number(),
  allocatable: capacity,
  requested: capacity,
  capacityKnown: z.boolean(),
  services: z.object({ active: z.number(), dormant: z.number(), activeActive: z.number() }),
  fetchedAt: z.string().nullable(),
  dataAsOf: z.string().nullable(),
  stale: z.boolean(),
  unreachableSince: z.string().nullable(),
  healthSince: z.string().nullable(),
  // Worded with the region's SLOs (lib/overview): why health is worse than the inventory says, e.g. "1 SLO paging: …".
  healthWhy: z.string().nullable().optional(),
});

export const listRegionsResponse = z.object({ regions: z.array(regionSummarySchema), fetchedAt: z.string().nullable(), staleSources, computedAt: z.string().describe("When the console last worked this answer out from what it collected") });

// Clusters are checked by their key fields only (node groups and capacity views are wide).
export const regionDetailResponse = z.object({
  summary: regionSummarySchema,
  clusters: z.array(z.looseObject({ id: z.string(), region: z.string(), kind: z.enum(["eks", "kubernetes"]), version: z.string(), status: z.string() })),
  services: z.array(
    z.object({
      service: z.string(),
      name: z.string(),
      system: z.string(),
      systemName: z.string(),
      team: z.string(),
      tier: z.enum(["critical", "standard"]),
      role: z.enum(["active", "dormant", "active-active"]),
      health,
      readyReplicas: z.number(),
      desiredReplicas: z.number(),
      trafficShare: z.number(),
    }),
  ),
  fetchedAt: z.string().nullable(),
  staleSources,
});
