import { getWebhookUrl, postWebhook, queueWebhook, slackMessage, type SlackMessage } from "./slack-webhook";

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

export function buildSlackMessage(n: ChangeNotice): SlackMessage {
  const text = `Change #${n.changeNumber} in ${n.workspace} ${HEADLINE[n.event]} (${n.actor}): ${n.title}`;
  return slackMessage(text, [n.planLine, n.detail], { url: n.url, label: `Open change #${n.changeNumber}` });
}

/** Posts one notice. Never throws: a failed webhook is logged and the change goes on. */
export function sendChangeNotice(n: ChangeNotice, url: string | undefined = getWebhookUrl()): Promise<boolean> {
  return postWebhook(buildSlackMessage(n), { event: n.event, change: n.changeId }, url);
}

/** Queued for delivery with retries: the notice must never hold up or fail the request. */
export function notifyChange(n: ChangeNotice): void {
  queueWebhook(buildSlackMessage(n), { event: n.event, change: n.changeId });
}
