import { getChangeDetail } from "@/lib/changes/queries";
import { changeDetailQuery, changeDetailResponse, changeIdParams } from "@/lib/changes/schemas";
import { assertChangeInTokenScope } from "@/lib/changes/workspaces";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "A change: plan summary (resources paged), approvals, policy, lock",
  response: changeDetailResponse,
  permission: "dashboard.read",
  tokenScope: "workspace-changes",
  params: changeIdParams,
  query: changeDetailQuery,
  handler: async ({ actor, params, query: q }) => {
    await assertChangeInTokenScope(actor, params.id);
    return getChangeDetail(params.id, { ...q, viewerId: actor.id });
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
