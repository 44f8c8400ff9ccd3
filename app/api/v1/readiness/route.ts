import { route } from "@/lib/http/route";
import { readReadinessPage } from "@/lib/read-models/queries";
import { readinessQuery, readinessResponse } from "@/lib/replication/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Failover readiness per protected service and region pair, with reasons; worst first, one page at a time",
  response: readinessResponse,
  permission: "dashboard.read",
  query: readinessQuery,
  handler: ({ query }) => readReadinessPage(query),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
