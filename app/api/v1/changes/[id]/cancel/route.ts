import { cancelChange } from "@/lib/changes/cancel-change";
import { cancelChangeBody, cancelChangeResponse, changeIdParams } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Cancel a change before it is applied", response: cancelChangeResponse, permission: "changes.cancel", params: changeIdParams, body: cancelChangeBody, handler: ({ actor, params, body, requestId }) => cancelChange(actor, params.id, body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
