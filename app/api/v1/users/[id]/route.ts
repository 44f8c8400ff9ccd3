import { route } from "@/lib/http/route";
import { updateUserBody, userIdParams } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { otherMethods } from "@/lib/http/methods";

export const PUT = route({
  permission: "users.manage",
  params: userIdParams,
  body: updateUserBody,
  handler: ({ actor, params, body, requestId }) => setUserDisabled(actor, params.id, body.disabled, requestId),
});

export const { GET, HEAD, POST, DELETE, PATCH, OPTIONS } = otherMethods("PUT");
