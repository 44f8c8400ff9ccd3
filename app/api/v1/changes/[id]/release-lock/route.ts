import { releaseWorkspaceLock } from "@/lib/changes/release-workspace-lock";
import { changeIdParams } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ permission: "changes.release-lock", params: changeIdParams, handler: ({ actor, params, requestId }) => releaseWorkspaceLock(actor, params.id, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
