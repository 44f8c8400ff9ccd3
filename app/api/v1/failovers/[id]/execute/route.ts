import { route } from "@/lib/http/route";
import { executeFailover } from "@/lib/failovers/execute-failover";
import { executeFailoverBody, failoverIdParams } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

/** 202: the steps run as a job on any replica; poll GET /api/v1/failovers/{id}. */
export const POST = route({
  permission: "failovers.execute",
  params: failoverIdParams,
  body: executeFailoverBody,
  status: 202,
  handler: ({ actor, params, body, requestId }) => executeFailover(actor, params.id, body, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
