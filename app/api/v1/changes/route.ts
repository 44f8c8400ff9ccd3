import { listChanges } from "@/lib/changes/queries";
import { listChangesQuery, listChangesResponse, recordedChangeResponse, uploadChangeFields } from "@/lib/changes/schemas";
import { uploadChange } from "@/lib/changes/upload-change";
import { assertWorkspaceScope } from "@/lib/changes/workspaces";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Change requests, newest first",
  response: listChangesResponse,
  permission: "dashboard.read",
  tokenScope: "workspace-changes",
  query: listChangesQuery,
  handler: async ({ actor, query }) => {
    // A scoped token lists its own workspace only, whatever filter it asks for.
    if (query.workspace) assertWorkspaceScope(actor, query.workspace);
    return { changes: await listChanges({ ...query, workspace: actor.tokenWorkspace ?? query.workspace }) };
  },
});

/** CI's plan upload (multipart); the body is read with a size cap inside uploadChange. */
export const POST = route({ summary: "Upload a saved plan from CI (multipart: plan, planJson, workspace, commitSha, prUrl; ≤ 50 MB; workspace-scoped token)", response: recordedChangeResponse, permission: "changes.request", tokenScope: "workspace-changes", bodyType: "multipart/form-data", form: { fields: uploadChangeFields, files: ["plan", "planJson"] }, status: 201, handler: ({ actor, req, requestId }) => uploadChange(actor, req, requestId) });

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
