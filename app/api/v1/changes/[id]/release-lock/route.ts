import { releaseWorkspaceLock } from "@/lib/changes/release-workspace-lock";
import { changeIdParams, releaseLockResponse } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Release the workspace lock a killed apply left behind", response: releaseLockResponse, permission: "changes.release-lock", params: changeIdParams, handler: ({ actor, params, requestId }) => releaseWorkspaceLock(actor, params.id, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
