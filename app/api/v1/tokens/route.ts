import { createApiToken, createTokenBody, createTokenResponse, listApiTokens, listTokensResponse } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

// Session only (tokens: false): a leaked token must not be able to mint a broader or longer-lived one.
export const GET = route({ summary: "The caller's personal API tokens", response: listTokensResponse, permission: "tokens.manage", tokens: false, handler: async ({ actor }) => ({ tokens: await listApiTokens(actor.id) }) });

export const POST = route({
  summary: "Create a personal API token (secret shown once)",
  response: createTokenResponse,
  permission: "tokens.manage",
  tokens: false,
  body: createTokenBody,
  status: 201,
  handler: ({ actor, body, requestId }) => createApiToken(actor, body, requestId),
});

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
