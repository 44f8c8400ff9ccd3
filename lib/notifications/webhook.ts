import { getEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";

/** Events people are told about; a Slack-compatible incoming webhook gets `{ text, blocks }`. */
export type NotificationEvent = "approval-requested" | "approved" | "applied" | "failed";

export type ChangeNotice = {
  event: NotificationEvent;
  changeNumber: number;
  changeId: string;
  workspace: string;
  title: string;
  actor: string;
  planLine: string | null;
  detail?: string;
  /** Absolute or console-relative link to the change page. */
  url: string;
};

const HEADLINE: Record<NotificationEvent, string> = {
  "approval-requested": "needs approval",
  approved: "was approved",
  applied: "was applied",
  failed: "failed to apply",
};

export function buildSlackMessage(n: ChangeNotice): { text: string; blocks: unknown[] } {
  const text = `Change #${n.changeNumber} in ${n.workspace} ${HEADLINE[n.event]} (${n.actor}): ${n.title}`;
  const lines = [`*${escapeSlack(text)}*`, n.planLine ? escapeSlack(n.planLine) : null, n.detail ? escapeSlack(n.detail) : null, `<${n.url}|Open change #${n.changeNumber}>`];
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: lines.filter(Boolean).join("\n") } }] };
}

// Slack reads <…> as links and mentions; plan text must not become one.
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Posts one notice. Never throws: a failed webhook is logged and the change goes on. */
export async function sendChangeNotice(n: ChangeNotice, url: string | undefined = getWebhookUrl()): Promise<boolean> {
  if (!url) return false;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(buildSlackMessage(n)),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) {
      log.warn("webhook notification refused", { event: n.event, change: n.changeId, status: res.status });
      return false;
    }
    return true;
  } catch (error) {
    log.warn("webhook notification failed", { event: n.event, change: n.changeId, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

function getWebhookUrl(): string | undefined {
  try {
    return getEnv().MERIDIAN_WEBHOOK_URL;
  } catch {
    return undefined;
  }
}

/** Fire and forget, for commands: the notice must never hold up or fail the request. */
export function notifyChange(n: ChangeNotice): void {
  void sendChangeNotice(n);
}
