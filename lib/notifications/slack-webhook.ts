import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { log } from "@/lib/observability/log";

/** A Slack-compatible incoming-webhook message: a plain-text fallback and one mrkdwn section. */
export type SlackMessage = { text: string; blocks: unknown[] };

// Slack reads <…> as links and mentions; plan text and names must not become one.
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Headline in bold, optional detail lines, and a link back to the console. */
export function slackMessage(headline: string, details: Array<string | null | undefined>, link: { url: string; label: string }): SlackMessage {
  const lines = [`*${escapeSlack(headline)}*`, ...details.filter((d): d is string => !!d).map(escapeSlack), `<${link.url}|${escapeSlack(link.label)}>`];
  return { text: headline, blocks: [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } }] };
}

export function getWebhookUrl(): string | undefined {
  try {
    return getEnv().MERIDIAN_WEBHOOK_URL;
  } catch {
    return undefined;
  }
}

/** Posts one message to MERIDIAN_WEBHOOK_URL. Never throws: a failed webhook is logged and work goes on. */
export async function postWebhook(message: SlackMessage, context: Record<string, unknown>, url: string | undefined = getWebhookUrl()): Promise<boolean> {
  if (!url) return false;
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message), signal: AbortSignal.timeout(5_000) });
    if (!res.ok) log.warn("webhook notification refused", { ...context, status: res.status });
    return res.ok;
  } catch (error) {
    log.warn("webhook notification failed", { ...context, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

export type WebhookJob = { message: SlackMessage; context: Record<string, unknown> };

/**
 * Queues a message for delivery by any replica's worker, retried with backoff (graphile-worker's
 * exponential delay) when the hook refuses or cannot be reached. Never throws into the command.
 */
export function queueWebhook(message: SlackMessage, context: Record<string, unknown>): void {
  if (!getWebhookUrl()) return;
  enqueueJob(db(), "deliver-webhook", { message, context }, { maxAttempts: 6 }).catch((error: unknown) => log.warn("webhook notification not queued", { ...context, error: error instanceof Error ? error.message : String(error) }));
}

/** The delivery job: throwing hands the retry to the queue. */
export async function deliverWebhookJob(job: WebhookJob): Promise<void> {
  if (!(await postWebhook(job.message, job.context))) throw new Error("webhook delivery failed; the queue retries it");
}
