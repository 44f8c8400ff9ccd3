import { getWebhookUrl, postWebhook, queueWebhook, slackMessage, type SlackMessage } from "@/lib/notifications/slack-webhook";

// Failover wording on the shared webhook sender (MERIDIAN_WEBHOOK_URL): queued, retried, never holds up the command.

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

export function buildFailoverMessage(n: FailoverNotice): SlackMessage {
  const what = n.mode === "drill" ? "Drill" : "Failover";
  const text = `${what} #${n.runNumber} of ${n.service} ${n.from} → ${n.to} ${HEADLINE[n.event]} (${n.actor})${n.breakGlass ? " — BREAK-GLASS, review required" : ""}`;
  return slackMessage(text, [n.detail], { url: n.url, label: `Open ${what.toLowerCase()} #${n.runNumber}` });
}

export function sendFailoverNotice(n: FailoverNotice, url: string | undefined = getWebhookUrl()): Promise<boolean> {
  return postWebhook(buildFailoverMessage(n), { event: n.event, run: n.runId }, url);
}

export function notifyFailover(n: FailoverNotice): void {
  queueWebhook(buildFailoverMessage(n), { event: n.event, run: n.runId });
}
