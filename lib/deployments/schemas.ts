import { z } from "zod";
import { queryInt } from "@/lib/http/query-schemas";

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
