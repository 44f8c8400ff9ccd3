import { route } from "@/lib/http/route";
import { readReadiness } from "@/lib/read-models/queries";
import { pageReadiness } from "@/lib/replication/readiness-page";
import { readinessQuery, readinessResponse } from "@/lib/replication/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Failover readiness per protected service and region pair, with reasons; worst first, one page at a time",
  response: readinessResponse,
  permission: "dashboard.read",
  query: readinessQuery,
  handler: async ({ query }) => {
    const { readiness, freshness } = await readReadiness();
    return { ...pageReadiness(readiness, query), freshness };
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
