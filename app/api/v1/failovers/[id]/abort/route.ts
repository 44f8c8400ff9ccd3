import { route } from "@/lib/http/route";
import { abortFailover } from "@/lib/failovers/abort-failover";
import { abortFailoverBody, failoverIdParams, failoverStateResponse } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Abort: close a run not started, or stop a running one (completed steps are rolled back)", response: failoverStateResponse, permission: "failovers.abort", params: failoverIdParams, body: abortFailoverBody, handler: ({ actor, params, body, requestId }) => abortFailover(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
