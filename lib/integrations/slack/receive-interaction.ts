import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { UnauthorizedError, ValidationError } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { verifySlackSignature } from "@/lib/sources/slack";
import { ACTION_APPROVE, ACTION_REJECT } from "./blocks";
import { requireSlackSettings } from "./settings";

export const INTERACTIONS_PATH = "POST /api/v1/integrations/slack/interactions";

/** The caller of the interaction endpoint once its signature checks out: the Slack app, which may only hand clicks over. */
const SLACK_APP: Actor = { id: "integration:slack", username: "slack", displayName: "Slack app", role: "viewer", via: "signature" };

/**
 * route()'s authenticate for Slack: 404 when the integration is not configured, null (401) for a
 * missing, wrong or stale (over 5 minutes) signature, audited with why.
 */
export async function authenticateSlackRequest(req: Request, rawBody: string, requestId: string): Promise<Actor | null> {
  const settings = requireSlackSettings();
  const check = verifySlackSignature({ signingSecret: settings.signingSecret, signature: req.headers.get("x-slack-signature"), timestamp: req.headers.get("x-slack-request-timestamp"), rawBody });
  if (check.ok) return SLACK_APP;
  await recordAuditEvent({ actor: { id: null, name: "slack" }, action: "slack.interaction-refused", target: { type: "route", id: INTERACTIONS_PATH }, outcome: "denied", reason: `signature ${check.reason}`, details: { refusal: check.reason }, requestId });
  return null;
}

const blockActions = z.object({
  type: z.literal("block_actions"),
  team: z.object({ id: z.string().min(1).max(40), domain: z.string().max(200).optional() }),
  user: z.object({ id: z.string().min(1).max(40), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  channel: z.object({ id: z.string().max(40) }).optional(),
  container: z.object({ channel_id: z.string().max(40).optional() }).passthrough().optional(),
  response_url: z.string().max(2000).optional(),
  actions: z.array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional(), action_ts: z.string().max(40).optional() }).passthrough()).min(1),
}).passthrough();

/**
 * Stores a verified click and queues its job, in one transaction, and answers at once (Slack wants
 * an answer within 3 s; the decision is the job's). The same signed request twice is a replay: 401.
 */
export async function receiveSlackInteraction(req: Request, rawBody: string, requestId: string): Promise<Response> {
  const encoded = new URLSearchParams(rawBody).get("payload");
  if (!encoded) throw new ValidationError("Expected a form body with a payload field.");
  let json: unknown;
  try {
    json = JSON.parse(encoded);
  } catch {
    throw new ValidationError("The payload field is not JSON.");
  }
  const parsed = blockActions.safeParse(json);
  // Other interaction types and the link button need nothing from us.
  if (!parsed.success) return new Response(null, { status: 200 });
  const p = parsed.data;
  const action = p.actions[0];
  if (action.action_id !== ACTION_APPROVE && action.action_id !== ACTION_REJECT) return new Response(null, { status: 200 });
  const replayKey = createHash("sha256").update(`${req.headers.get("x-slack-signature")}:${req.headers.get("x-slack-request-timestamp")}`).digest("hex");
  try {
    await db().$transaction(async (tx) => {
      const row = await tx.slackInteraction.create({
        data: { replayKey, teamId: p.team.id, slackUserId: p.user.id, actionId: action.action_id, value: action.value ?? "", responseUrl: p.response_url ?? null, channel: p.channel?.id ?? p.container?.channel_id ?? null },
      });
      await enqueueJob(tx, "slack-interaction", { interactionId: row.id, userName: p.user.username ?? p.user.name ?? p.user.id, teamName: p.team.domain ?? null, requestId }, { maxAttempts: 10 });
    });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    await recordAuditEvent({ actor: { id: null, name: "slack" }, action: "slack.interaction-refused", target: { type: "route", id: INTERACTIONS_PATH }, outcome: "denied", reason: "replayed payload", details: { refusal: "replay", slackTeam: p.team.id, slackUser: p.user.id }, requestId });
    throw new UnauthorizedError("This interaction was already received: a replayed request is refused.");
  }
  return new Response(null, { status: 200 });
}
