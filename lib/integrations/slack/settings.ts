import "server-only";
import type { WebClient } from "@slack/web-api";
import { getConfig } from "@/lib/config/store";
import { getEnv, readSecretRef } from "@/lib/env";
import { NotFoundError } from "@/lib/http/errors";
import { createSlackClient } from "@/lib/sources/slack";
import type { MirroredSubject } from "@/lib/jobs/mirror";

export type SlackSettings = {
  botToken: string;
  signingSecret: string;
  baseUrl?: string;
  channels: { default?: string; workspaces: Record<string, string>; runbooks: Record<string, string> };
};

/** integrations.slack with its secrets resolved, or null when it is not configured or a secret is unset (fail closed). */
export function getSlackSettings(): SlackSettings | null {
  const slack = getConfig().integrations?.slack;
  if (!slack) return null;
  const botToken = readSecretRef(slack.botToken.slice("env:".length));
  const signingSecret = readSecretRef(slack.signingSecret.slice("env:".length));
  if (!botToken || !signingSecret) return null;
  return { botToken, signingSecret, baseUrl: slack.baseUrl, channels: slack.channels };
}

/** The routes of the integration exist only where it is configured. */
export function requireSlackSettings(): SlackSettings {
  const settings = getSlackSettings();
  if (!settings) throw new NotFoundError("The Slack integration is not configured (integrations.slack).");
  return settings;
}

export function slackClient(settings: SlackSettings): WebClient {
  return createSlackClient(settings.botToken, settings.baseUrl);
}

/** Where a subject's message goes: its workspace's or runbook's channel, else the default; null posts nothing. */
export function channelFor(settings: SlackSettings, subject: MirroredSubject["type"], key: string): string | null {
  const own = subject === "change" ? settings.channels.workspaces[key] : settings.channels.runbooks[key];
  return own ?? settings.channels.default ?? null;
}

/** An absolute console link for a message (NEXTAUTH_URL is the console's public address). */
export function consoleLink(path: string): string {
  const base = getEnv().NEXTAUTH_URL ?? "http://localhost:3000";
  return new URL(path, base).toString();
}
