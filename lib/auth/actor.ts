import type { Role } from "./roles";

/** Who is acting: a signed-in person or a personal API token acting as its user. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** "signature": an outside system that signed its request (a chat app); "slack": a linked Slack user acting as this user. */
  via: "session" | "token" | "signature" | "slack";
  tokenId?: string;
  /** A workspace-scoped token may only act on this terraform workspace. */
  tokenWorkspace?: string | null;
  /** The Slack identity a "slack" actor clicked as (linked to this user by the user). */
  slack?: { teamId: string; userId: string; userName: string };
};

/** What an audit row records of how the actor reached us besides its user: both identities for a chat click. */
export function viaDetails(actor: Actor): { via?: string; slackUser?: string; slackUserName?: string; slackTeam?: string } {
  if (actor.via === "slack" && actor.slack) return { via: "slack", slackUser: actor.slack.userId, slackUserName: actor.slack.userName, slackTeam: actor.slack.teamId };
  return {};
}

/** The actor recorded for work the system does on its own (collector, scheduled refresh). */
export const SYSTEM_ACTOR = { id: null, name: "system" } as const;
