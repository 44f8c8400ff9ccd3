import { planChange } from "@/lib/changes/plan-change";
import { planChangeBody, recordedChangeResponse } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

// planChange holds a scoped token to its workspace.
export const POST = route({ summary: "Run terraform plan in a workspace and record it as a change request", response: recordedChangeResponse, permission: "changes.request", tokenScope: "workspace-changes", body: planChangeBody, status: 201, handler: ({ actor, body, requestId }) => planChange(actor, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
