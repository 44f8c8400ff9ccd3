import { route } from "@/lib/http/route";
import { readReadiness } from "@/lib/read-models/queries";
import { readinessQuery, readinessResponse } from "@/lib/replication/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Failover readiness per protected service and region pair, with reasons",
  response: readinessResponse,
  permission: "dashboard.read",
  query: readinessQuery,
  handler: async ({ query }) => {
    const { readiness, freshness } = await readReadiness();
    const rows = readiness.filter(
      (r) => (!query.service || r.service === query.service) && (!query.region || r.from === query.region || r.to === query.region) && (!query.verdict || r.verdict === query.verdict),
    );
    return { readiness: rows, freshness };
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
