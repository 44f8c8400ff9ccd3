import { route } from "@/lib/http/route";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { approveFailoverBody, approveFailoverResponse, failoverIdParams } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Approve, bound to the runbook version and target seen (never the requester: 403)", response: approveFailoverResponse, permission: "failovers.approve", params: failoverIdParams, body: approveFailoverBody, handler: ({ actor, params, body, requestId }) => approveFailover(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
