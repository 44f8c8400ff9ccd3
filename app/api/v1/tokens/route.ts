import { createApiToken, createTokenBody, listApiTokens } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "tokens.manage", handler: async ({ actor }) => ({ tokens: await listApiTokens(actor.id) }) });

export const POST = route({
  permission: "tokens.manage",
  body: createTokenBody,
  status: 201,
  handler: ({ actor, body, requestId }) => createApiToken(actor, body, requestId),
});
