import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { confirmSlackLink } from "@/lib/integrations/slack/link-identity";
import { requireSlackSettings } from "@/lib/integrations/slack/settings";

const identity = z.object({ id: z.string(), teamId: z.string(), slackUserId: z.string(), slackUserName: z.string(), linkedAt: z.string() });

export const POST = route({
  summary: "Confirm a link from Slack: that Slack user acts as you",
  response: identity,
  permission: "tokens.manage",
  // Only the signed-in person confirms who they are in Slack: never a script's token.
  tokens: false,
  body: z.object({ token: z.string().min(16).max(200) }).strict(),
  status: 201,
  handler: async ({ actor, body, requestId }) => {
    requireSlackSettings();
    return confirmSlackLink(actor, body.token, requestId);
  },
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
