import { route } from "@/lib/http/route";
import { updateUserBody, updateUserResponse, userIdParams } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { otherMethods } from "@/lib/http/methods";

export const PUT = route({
  summary: "Disable or enable a user",
  response: updateUserResponse,
  permission: "users.manage",
  params: userIdParams,
  body: updateUserBody,
  handler: ({ actor, params, body, requestId }) => setUserDisabled(actor, params.id, body.disabled, requestId),
});

export const { GET, HEAD, POST, DELETE, PATCH, OPTIONS } = otherMethods("PUT");
