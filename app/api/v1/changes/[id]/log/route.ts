import { getChangeLog } from "@/lib/changes/queries";
import { changeIdParams, changeLogQuery, changeLogResponse } from "@/lib/changes/schemas";
import { assertChangeInTokenScope } from "@/lib/changes/workspaces";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** Poll with ?offset=<nextOffset> until done. */
export const GET = route({
  summary: "The apply log from an offset (poll until done)",
  response: changeLogResponse,
  permission: "dashboard.read",
  tokenScope: "workspace-changes",
  params: changeIdParams,
  query: changeLogQuery,
  handler: async ({ actor, params, query }) => {
    await assertChangeInTokenScope(actor, params.id);
    return getChangeLog(params.id, query);
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
