import "server-only";
import { getConfig } from "@/lib/config/store";
import { getEnv, readSecretRef } from "@/lib/env";
import { NotFoundError } from "@/lib/http/errors";
import type { GithubAppCredentials } from "@/lib/sources/github";

export type GithubSettings = GithubAppCredentials & { webhookSecret: string; requestTimeoutMs?: number };

function resolve(ref: string | number): string | undefined {
  if (typeof ref === "number") return String(ref);
  return readSecretRef(ref.slice("env:".length));
}

/** What is missing, in words, or null: Settings shows it, and nothing is sent until it is fixed. */
export function getGithubSettingsProblem(): string | null {
  const gh = getConfig().integrations?.github;
  if (!gh) return "not configured (integrations.github)";
  const missing = [
    ["appId", gh.appId],
    ["privateKey", gh.privateKey],
    ["webhookSecret", gh.webhookSecret],
  ].filter(([, ref]) => !resolve(ref as string | number)).map(([name, ref]) => `${name} (${String(ref)})`);
  return missing.length ? `secret not set: ${missing.join(", ")}` : null;
}

/** integrations.github with its secrets resolved, or null when it is not configured or a secret is unset (fail closed). */
export function getGithubSettings(): GithubSettings | null {
  const gh = getConfig().integrations?.github;
  if (!gh) return null;
  const appId = resolve(gh.appId);
  const privateKey = resolve(gh.privateKey);
  const webhookSecret = resolve(gh.webhookSecret);
  if (!appId || !privateKey || !webhookSecret) return null;
  return { appId: /^\d+$/.test(appId) ? Number(appId) : appId, privateKey: privateKey.replace(/\\n/g, "\n"), webhookSecret, baseUrl: gh.baseUrl, requestTimeoutMs: gh.requestTimeoutMs };
}

/** The webhook exists only where the integration is configured. */
export function requireGithubSettings(): GithubSettings {
  const settings = getGithubSettings();
  if (!settings) throw new NotFoundError("The GitHub integration is not configured (integrations.github).");
  return settings;
}

/** An absolute console link for a check run (NEXTAUTH_URL is the console's public address). */
export function consoleLink(path: string): string {
  const base = getEnv().NEXTAUTH_URL ?? "http://localhost:3000";
  return new URL(path, base).toString();
}
