import { route } from "@/lib/http/route";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { approveFailoverBody, failoverIdParams } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ permission: "failovers.approve", params: failoverIdParams, body: approveFailoverBody, handler: ({ actor, params, body, requestId }) => approveFailover(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
