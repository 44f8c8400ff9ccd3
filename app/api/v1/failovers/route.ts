import { route } from "@/lib/http/route";
import { listFailovers } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import { listFailoversQuery, requestFailoverBody } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", query: listFailoversQuery, handler: async ({ query }) => ({ failovers: await listFailovers(query) }) });

export const POST = route({ permission: "failovers.request", body: requestFailoverBody, status: 201, handler: ({ actor, body, requestId }) => requestFailover(actor, body, requestId) });

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
