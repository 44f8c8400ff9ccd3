import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { isRole } from "@/lib/auth/roles";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { reviewChange } from "@/lib/changes/review-change";
import { db } from "@/lib/db/client";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { AppError } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { isRateLimited } from "@/lib/sources/slack";
import { ACTION_APPROVE, type ButtonValue } from "./blocks";
import { createLinkOffer } from "./link-identity";
import { getSlackSettings, slackClient } from "./settings";

export type SlackInteractionJob = { interactionId: string; userName: string; teamName: string | null; requestId?: string };

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const buttonValue: z.ZodType<ButtonValue> = z.union([
  z.object({ k: z.literal("change"), id: z.string().min(1).max(100), sha }),
  z.object({ k: z.literal("failover-run"), id: z.string().min(1).max(100), rv: sha, to: z.string().min(1).max(100) }),
]);

/** The reply the clicker sees (ephemeral: only them), and whether anything changed. */
type Outcome = { reply: string; status: number };

/**
 * One Slack click, as any replica's worker runs it: the Slack user acts only as the Meridian user
 * who linked them, through the console's own decision (reviewChange / approveFailover) with that
 * user's role as stored now. Anything refused changes nothing and says why. The outcome is stored
 * before the reply, so a retry re-sends the reply and never decides twice.
 */
export async function runSlackInteractionJob(job: SlackInteractionJob): Promise<void> {
  const settings = getSlackSettings();
  if (!settings) return;
  const row = await db().slackInteraction.findUnique({ where: { id: job.interactionId } });
  if (!row || row.processedAt) return;
  let reply = row.outcome;
  if (reply === null) {
    const outcome = await decideClick(row, job);
    reply = outcome.reply;
    await db().slackInteraction.update({ where: { id: row.id }, data: { outcome: `${outcome.status} ${reply}` } });
  } else {
    reply = reply.replace(/^\d{3} /, "");
  }
  if (row.channel) {
    try {
      await slackClient(settings).chat.postEphemeral({ channel: row.channel, user: row.slackUserId, text: reply });
    } catch (error) {
      if (!isRateLimited(error)) throw error;
      // The decision is stored; only the reply waits, queued for when Slack said to come back.
      await enqueueJob(db(), "slack-interaction", job, { maxAttempts: 10, runAt: new Date(Date.now() + error.retryAfter * 1000) });
      return;
    }
  }
  await db().slackInteraction.update({ where: { id: row.id }, data: { processedAt: new Date() } });
}

type Row = { teamId: string; slackUserId: string; actionId: string; value: string };

async function decideClick(row: Row, job: SlackInteractionJob): Promise<Outcome> {
  const slackWho = { slackTeam: row.teamId, slackUser: row.slackUserId, slackUserName: job.userName };
  const target = parseTarget(row.value);
  const auditTarget = target ? { type: target.k, id: target.id } : { type: "route", id: "slack-interaction" };
  const identity = await db().slackIdentity.findUnique({ where: { teamId_slackUserId: { teamId: row.teamId, slackUserId: row.slackUserId } } });
  if (!identity) {
    const link = await createLinkOffer({ teamId: row.teamId, teamName: job.teamName, userId: row.slackUserId, userName: job.userName });
    await recordAuditEvent({ actor: { id: null, name: `slack:${row.teamId}/${row.slackUserId}` }, action: "slack.click-refused", target: auditTarget, outcome: "denied", reason: "Slack user not linked to a Meridian account", details: slackWho, requestId: job.requestId });
    return { status: 401, reply: `Link your account first: <${link}|link this Slack user to your Meridian account>. Nothing was changed.` };
  }
  const user = await db().user.findUnique({ where: { id: identity.userId } });
  if (!user || user.disabled || !isRole(user.role)) {
    await recordAuditEvent({ actor: { id: identity.userId, name: user?.username ?? "unknown" }, action: "slack.click-refused", target: auditTarget, outcome: "denied", reason: "the linked Meridian account is disabled or gone", details: { via: "slack", ...slackWho }, requestId: job.requestId });
    return { status: 403, reply: "Your linked Meridian account is disabled; nothing was changed." };
  }
  const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, via: "slack", slack: { teamId: row.teamId, userId: row.slackUserId, userName: job.userName } };
  if (!target) return { status: 400, reply: "This button carries no change or failover Meridian knows; nothing was changed." };
  const approve = row.actionId === ACTION_APPROVE;
  const permission = target.k === "change" ? "changes.approve" : "failovers.approve";
  if (!can(actor.role, permission)) {
    // The requester usually lacks the permission too (no role both requests and approves): say the first reason.
    const own = await isRequester(target, actor.id);
    const reason = own ? `you requested this ${target.k === "change" ? "change" : "failover"}, and someone else must review it (four-eyes)` : `the ${actor.role} role may not do this (needs ${permission})`;
    await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "access.denied", target: auditTarget, outcome: "denied", reason, details: { permission, role: actor.role, via: "slack", ...slackWho }, requestId: job.requestId });
    return { status: 403, reply: `Refused as ${actor.username}: ${reason}. Nothing was changed.` };
  }
  try {
    if (target.k === "change") {
      const done = await reviewChange(actor, target.id, approve ? "approve" : "reject", { planSha256: target.sha }, job.requestId);
      return { status: 200, reply: `${approve ? "Approved" : "Rejected"} as ${actor.username}: the change is now ${done.state}.` };
    }
    if (!approve) return { status: 409, reply: "A failover is not rejected from Slack: abort it in Meridian. Nothing was changed." };
    const done = await approveFailover(actor, target.id, { runbookVersion: target.rv, target: target.to }, job.requestId);
    return { status: 200, reply: `Approved as ${actor.username}: the failover is now ${done.state}. Execute it in Meridian.` };
  } catch (error) {
    // The decision refused (and audited) it: say why, in its own words.
    if (error instanceof AppError && error.status < 500) return { status: error.status, reply: `Refused as ${actor.username}: ${error.message} Nothing was changed.` };
    throw error;
  }
}

async function isRequester(target: ButtonValue, userId: string): Promise<boolean> {
  const row = target.k === "change" ? await db().changeRequest.findUnique({ where: { id: target.id }, select: { requestedById: true } }) : await db().failoverRun.findUnique({ where: { id: target.id }, select: { requestedById: true } });
  return row?.requestedById === userId;
}

function parseTarget(value: string): ButtonValue | null {
  try {
    const parsed = buttonValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
