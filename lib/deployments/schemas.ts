import { z } from "zod";
import { queryInt } from "@/lib/http/query-schemas";
import { staleSourcesSchema } from "@/lib/snapshots/schemas";

const slug = z.string().max(100).regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");

/** Filters of the version matrix: the page's URL and GET /api/v1/deployments take the same ones. */
export const deploymentMatrixQuery = z
  .object({
    system: slug.optional(),
    team: z.string().max(100).optional(),
    region: slug.optional(),
    drift: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => v === "true" || v === "1")
      .describe("Only services whose regions run different versions"),
    q: z.string().max(200).optional().describe("Search service, system, team and versions"),
    sort: z.enum(["system", "service", "team", "drift", "deployed"]).default("system"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    page: queryInt(1).default(1),
    pageSize: queryInt(1, 500).default(50),
  })
  .strict();
export type DeploymentMatrixQuery = z.output<typeof deploymentMatrixQuery>;

export const serviceParams = z.object({ service: slug }).strict();

export const serviceHistoryQuery = z
  .object({ days: queryInt(1, 365).default(30), region: slug.optional() })
  .strict();
export type ServiceHistoryQuery = z.output<typeof serviceHistoryQuery>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const matrixCell = z.looseObject({
  region: z.string(),
  role: z.enum(["active", "dormant", "active-active"]).nullable(),
  version: z.string().nullable(),
  otherVersions: z.array(z.string()),
  readyReplicas: z.number(),
  desiredReplicas: z.number(),
  rollout: z.enum(["complete", "progressing", "failed", "paused"]).nullable(),
  deployedAt: z.string().nullable(),
  clusters: z.array(z.string()),
  drift: z.boolean(),
  stale: z.boolean(),
});
const matrixRow = z.looseObject({
  service: z.string(),
  name: z.string(),
  system: z.string(),
  systemName: z.string(),
  team: z.string(),
  tier: z.enum(["critical", "standard"]),
  referenceRegion: z.string().nullable(),
  referenceVersion: z.string().nullable(),
  drift: z.boolean(),
  maxBehind: z.number().nullable(),
  lastDeployedAt: z.string().nullable(),
  cells: z.record(z.string(), matrixCell),
});
export const deploymentMatrixResponse = z.object({
  regions: z.array(z.string()),
  rows: z.array(matrixRow),
  total: z.number(),
  driftCount: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pages: z.number(),
  facets: z.object({ systems: z.array(z.object({ id: z.string(), name: z.string() })), teams: z.array(z.string()), regions: z.array(z.string()) }),
  fetchedAt: z.string().nullable(),
  staleSources: staleSourcesSchema,
  regionsAsOf: z.record(z.string(), z.string().nullable()),
});

const deploymentEvent = z.object({ service: z.string(), region: z.string(), version: z.string(), previousVersion: z.string().nullable(), at: z.string(), deployer: z.string().nullable(), commit: z.string().nullable() });
export const serviceHistoryResponse = z.looseObject({
  service: z.string(),
  name: z.string(),
  system: z.string(),
  systemName: z.string(),
  team: z.string(),
  referenceRegion: z.string().nullable(),
  drift: z.boolean(),
  from: z.string(),
  to: z.string(),
  regions: z.array(
    z.object({
      region: z.string(),
      role: z.enum(["active", "dormant", "active-active"]).nullable(),
      current: matrixCell.nullable(),
      isReference: z.boolean(),
      driftSince: z.string().nullable(),
      segments: z.array(z.object({ version: z.string(), from: z.string(), to: z.string().nullable() })),
      events: z.array(deploymentEvent),
    }),
  ),
  fetchedAt: z.string().nullable(),
});
