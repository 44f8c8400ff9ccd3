import { route } from "@/lib/http/route";
import { listFailovers } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import { listFailoversQuery, listFailoversResponse, requestFailoverBody, requestFailoverResponse } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "Failover and drill runs, newest first", response: listFailoversResponse, permission: "dashboard.read", query: listFailoversQuery, handler: async ({ query }) => ({ failovers: await listFailovers(query) }) });

export const POST = route({ summary: "Request a failover or drill (201): stores the preflight; a not-ready verdict needs precheckOverride with a reason", response: requestFailoverResponse, permission: "failovers.request", body: requestFailoverBody, status: 201, handler: ({ actor, body, requestId }) => requestFailover(actor, body, requestId) });

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
