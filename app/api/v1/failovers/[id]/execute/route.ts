import { route } from "@/lib/http/route";
import { executeFailover } from "@/lib/failovers/execute-failover";
import { executeFailoverBody, executeFailoverResponse, failoverIdParams } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

/** 202: the steps run as a job on any replica; poll GET /api/v1/failovers/{id}. */
export const POST = route({
  summary: "Start the run (202; once). 409 without approval unless break-glass (incident commander, reason required: 400)",
  response: executeFailoverResponse,
  permission: "failovers.execute",
  params: failoverIdParams,
  body: executeFailoverBody,
  status: 202,
  handler: ({ actor, params, body, requestId }) => executeFailover(actor, params.id, body, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
