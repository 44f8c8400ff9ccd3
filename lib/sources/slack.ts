import { createHmac, timingSafeEqual } from "node:crypto";
import { WebClient, ErrorCode, type WebAPIRateLimitedError } from "@slack/web-api";

/** Slack's Web API client, as one job uses it: it never sleeps inside a job waiting out a rate limit. */
export function createSlackClient(botToken: string, baseUrl?: string): WebClient {
  return new WebClient(botToken, {
    slackApiUrl: baseUrl ?? "https://slack.com/api/",
    // A 429 throws WebAPIRateLimitedError with its Retry-After at once; the job reschedules itself
    // for then (lib/integrations/slack/rate-limit.ts), so no worker slot sleeps and the wait is durable.
    rejectRateLimitedCalls: true,
    // Network errors and 5xx: graphile-worker's own retries with backoff, from the database.
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
}

export function isRateLimited(error: unknown): error is WebAPIRateLimitedError {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === ErrorCode.RateLimitedError;
}

/** Slack's error code of a refused call ("channel_not_found", "message_not_found" …), or null. */
export function slackErrorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null || (error as { code?: string }).code !== ErrorCode.PlatformError) return null;
  return (error as { data?: { error?: string } }).data?.error ?? null;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/** How far a request's timestamp may be from now (Slack's documented replay window). */
export const SIGNATURE_MAX_AGE_S = 5 * 60;

/**
 * Slack's v0 request signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the signing secret,
 * sent as `v0=<hex>` in X-Slack-Signature, the timestamp in X-Slack-Request-Timestamp. Compared in
 * constant time; a timestamp more than 5 minutes off is refused whatever its signature.
 */
export function verifySlackSignature(input: { signingSecret: string; signature: string | null; timestamp: string | null; rawBody: string; nowMs?: number }): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing" };
  const nowS = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowS - Number(timestamp)) > SIGNATURE_MAX_AGE_S) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signSlackRequest(input.signingSecret, timestamp, input.rawBody), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

/** The X-Slack-Signature value Slack sends for this body and timestamp. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}
