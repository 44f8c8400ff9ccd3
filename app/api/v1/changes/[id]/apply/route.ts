import { applyChange } from "@/lib/changes/apply-change";
import { applyChangeBody, applyChangeResponse, changeIdParams } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** 202: terraform runs on; follow it at /api/v1/changes/{id}/log. */
export const POST = route({
  summary: "Apply the saved plan (202; once; policy must pass)",
  response: applyChangeResponse,
  permission: "changes.apply",
  params: changeIdParams,
  body: applyChangeBody,
  status: 202,
  handler: async ({ actor, params, body, requestId }) => {
    const { id, number, state } = await applyChange(actor, params.id, body, requestId);
    return { id, number, state, log: `/api/v1/changes/${id}/log` };
  },
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
