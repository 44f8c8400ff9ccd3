import { revokeApiToken, tokenIdParams } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const DELETE = route({ permission: "tokens.manage", params: tokenIdParams, handler: ({ actor, params, requestId }) => revokeApiToken(actor, params.id, requestId) });
