import { applyChange } from "@/lib/changes/apply-change";
import { applyChangeBody, changeIdParams } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** 202: terraform runs on; follow it at /api/v1/changes/{id}/log. */
export const POST = route({
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
