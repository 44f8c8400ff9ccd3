import { overrideSloGate } from "@/lib/changes/override-slo-gate";
import { changeIdParams, overrideSloGateBody, overrideSloGateResponse } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Incident commander: let this plan through the SLO gate, with a reason", response: overrideSloGateResponse, permission: "changes.override-slo-gate", params: changeIdParams, body: overrideSloGateBody, handler: ({ actor, params, body, requestId }) => overrideSloGate(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
