import { revokeApiToken, revokeTokenResponse, tokenIdParams } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const DELETE = route({ summary: "Revoke a personal API token", response: revokeTokenResponse, permission: "tokens.manage", tokens: false, params: tokenIdParams, handler: ({ actor, params, requestId }) => revokeApiToken(actor, params.id, requestId) });

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
