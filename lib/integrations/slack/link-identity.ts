import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { consoleLink } from "./settings";

const OFFER_TTL_MS = 15 * 60_000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type SlackUserRef = { teamId: string; teamName?: string | null; userId: string; userName: string };

/** A one-time link for this Slack user (valid 15 minutes, stored as a hash): what the "link your account first" reply carries. */
export async function createLinkOffer(who: SlackUserRef, now = new Date()): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db().slackLinkToken.create({ data: { tokenHash: hashToken(token), teamId: who.teamId, teamName: who.teamName ?? null, slackUserId: who.userId, slackUserName: who.userName, expiresAt: new Date(now.getTime() + OFFER_TTL_MS) } });
  return consoleLink(`/account/slack-link?token=${encodeURIComponent(token)}`);
}

export type LinkOffer = { teamId: string; teamName: string | null; slackUserId: string; slackUserName: string; expiresAt: string };

/** What the confirmation page shows; a used, expired or unknown token is a 404. */
export async function getLinkOffer(token: string, now = new Date()): Promise<LinkOffer> {
  const row = await db().slackLinkToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.usedAt || row.expiresAt <= now) throw new NotFoundError("This link has expired or was already used: click the button in Slack again for a new one.");
  return { teamId: row.teamId, teamName: row.teamName, slackUserId: row.slackUserId, slackUserName: row.slackUserName, expiresAt: row.expiresAt.toISOString() };
}

/**
 * The signed-in person confirms that the Slack user of the offer acts as them. One transaction: the
 * offer is used once, and a Slack user already linked to someone else stays theirs until unlinked.
 */
export async function confirmSlackLink(actor: Actor, token: string, requestId?: string) {
  const now = new Date();
  return decide("Slack link", async (tx) => {
    const offer = await tx.slackLinkToken.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!offer || offer.usedAt || offer.expiresAt <= now) throw new NotFoundError("This link has expired or was already used: click the button in Slack again for a new one.");
    const used = await tx.slackLinkToken.updateMany({ where: { tokenHash: offer.tokenHash, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) throw new ConflictError("This link was used at the same moment; click the button in Slack again.");
    const existing = await tx.slackIdentity.findUnique({ where: { teamId_slackUserId: { teamId: offer.teamId, slackUserId: offer.slackUserId } } });
    if (existing && existing.userId !== actor.id) throw new ConflictError(`Slack user @${offer.slackUserName} is linked to another Meridian account; that account must unlink it first.`);
    const identity = existing
      ? await tx.slackIdentity.update({ where: { id: existing.id }, data: { slackUserName: offer.slackUserName } })
      : await tx.slackIdentity.create({ data: { teamId: offer.teamId, slackUserId: offer.slackUserId, slackUserName: offer.slackUserName, userId: actor.id, linkedById: actor.id, linkedByName: actor.username, linkedAt: now } });
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: "slack.linked",
      target: { type: "user", id: actor.id },
      details: { slackTeam: offer.teamId, slackUser: offer.slackUserId, slackUserName: offer.slackUserName },
      requestId,
    });
    return { id: identity.id, teamId: identity.teamId, slackUserId: identity.slackUserId, slackUserName: identity.slackUserName, linkedAt: identity.linkedAt.toISOString() };
  });
}

export async function listSlackIdentities(userId: string) {
  const rows = await db().slackIdentity.findMany({ where: { userId }, orderBy: { linkedAt: "asc" } });
  return rows.map((r) => ({ id: r.id, teamId: r.teamId, slackUserId: r.slackUserId, slackUserName: r.slackUserName, linkedAt: r.linkedAt.toISOString() }));
}

/** Removes one of the caller's own links; someone else's is a 404. */
export async function unlinkSlackIdentity(actor: Actor, id: string, requestId?: string) {
  return decide("Slack link", async (tx) => {
    const row = await tx.slackIdentity.findFirst({ where: { id, userId: actor.id } });
    if (!row) throw new NotFoundError("No such Slack link on your account.");
    await tx.slackIdentity.delete({ where: { id: row.id } });
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "slack.unlinked", target: { type: "user", id: actor.id }, details: { slackTeam: row.teamId, slackUser: row.slackUserId, slackUserName: row.slackUserName }, requestId });
    return { id: row.id, unlinked: true };
  });
}
