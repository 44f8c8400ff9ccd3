import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { unlinkSlackIdentity } from "@/lib/integrations/slack/link-identity";
import { requireSlackSettings } from "@/lib/integrations/slack/settings";

export const DELETE = route({
  summary: "Unlink a Slack user from your account",
  response: z.object({ id: z.string(), unlinked: z.boolean() }),
  permission: "tokens.manage",
  tokens: false,
  params: z.object({ id: z.string().min(1).max(100) }),
  handler: async ({ actor, params, requestId }) => {
    requireSlackSettings();
    return unlinkSlackIdentity(actor, params.id, requestId);
  },
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
