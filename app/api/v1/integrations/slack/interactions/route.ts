import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { authenticateSlackRequest, receiveSlackInteraction } from "@/lib/integrations/slack/receive-interaction";

// Authenticated by Slack's signature over the raw body, not a session: the caller is the Slack app,
// which only hands a click over; the click's decision runs as the linked Meridian user, in a job.
export const POST = route({
  summary: "Slack interactivity: a verified button click, stored and handed to a job",
  // Slack wants an empty 200 within 3 s.
  response: null,
  produces: ["text/plain"],
  permission: "dashboard.read",
  rawBody: true,
  maxBodyBytes: 100_000,
  authenticate: authenticateSlackRequest,
  handler: ({ req, rawBody, requestId }) => receiveSlackInteraction(req, rawBody, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
