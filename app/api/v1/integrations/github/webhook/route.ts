import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { authenticateGithubRequest, receiveGithubWebhook } from "@/lib/integrations/github/receive-webhook";

// Authenticated by GitHub's X-Hub-Signature-256 over the raw body, not a session: the caller is the
// GitHub App. A standby console refuses it like every write (GitHub redelivers; nothing is lost).
export const POST = route({
  summary: "GitHub App webhook: a verified delivery (pull_request synchronize/closed supersede or cancel its open changes)",
  response: z.object({ delivery: z.string(), event: z.string(), outcome: z.enum(["handled", "ignored", "replayed"]), changes: z.array(z.object({ id: z.string(), moved: z.boolean(), state: z.string() })) }),
  permission: "dashboard.read",
  rawBody: true,
  maxBodyBytes: 5_000_000,
  authenticate: authenticateGithubRequest,
  handler: ({ req, rawBody, requestId }) => receiveGithubWebhook(req, rawBody, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
