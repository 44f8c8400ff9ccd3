import { getEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";

// The same Slack-compatible incoming webhook as change notifications (MERIDIAN_WEBHOOK_URL),
// with failover wording; never throws and never holds up the command.

export type FailoverEvent = "approval-requested" | "approved" | "started" | "succeeded" | "failed" | "aborted";

export type FailoverNotice = {
  event: FailoverEvent;
  runNumber: number;
  runId: string;
  service: string;
  from: string;
  to: string;
  mode: string;
  actor: string;
  detail?: string;
  breakGlass?: boolean;
  url: string;
};

const HEADLINE: Record<FailoverEvent, string> = {
  "approval-requested": "needs approval",
  approved: "was approved",
  started: "started",
  succeeded: "succeeded",
  failed: "failed",
  aborted: "was aborted",
};

function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function buildFailoverMessage(n: FailoverNotice): { text: string; blocks: unknown[] } {
  const what = n.mode === "drill" ? "Drill" : "Failover";
  const text = `${what} #${n.runNumber} of ${n.service} ${n.from} → ${n.to} ${HEADLINE[n.event]} (${n.actor})${n.breakGlass ? " — BREAK-GLASS, review required" : ""}`;
  const lines = [`*${escapeSlack(text)}*`, n.detail ? escapeSlack(n.detail) : null, `<${n.url}|Open ${what.toLowerCase()} #${n.runNumber}>`];
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: lines.filter(Boolean).join("\n") } }] };
}

export async function sendFailoverNotice(n: FailoverNotice, url: string | undefined = getWebhookUrl()): Promise<boolean> {
  if (!url) return false;
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(buildFailoverMessage(n)), signal: AbortSignal.timeout(5_000) });
    if (!res.ok) log.warn("failover webhook refused", { event: n.event, run: n.runId, status: res.status });
    return res.ok;
  } catch (error) {
    log.warn("failover webhook failed", { event: n.event, run: n.runId, error: error instanceof Error ? error.message : String(error) });
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

export function notifyFailover(n: FailoverNotice): void {
  void sendFailoverNotice(n);
}
