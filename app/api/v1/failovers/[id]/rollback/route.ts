import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { rollBackFailover } from "@/lib/failovers/roll-back-failover";
import { failoverIdParams, failoverStateResponse, rollBackFailoverBody } from "@/lib/failovers/schemas";

/** 202: the rollback of an interrupted run runs as a job; follow it on the run. */
export const POST = route({ summary: "Roll back the completed steps of a run whose runner died (interrupted); runs as a job", response: failoverStateResponse, permission: "failovers.execute", params: failoverIdParams, body: rollBackFailoverBody, status: 202, handler: ({ actor, params, body, requestId }) => rollBackFailover(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
