import { escapeSlack } from "@/lib/notifications/slack-webhook";

/** What a Slack approval message shows: built from the console's own DTOs (lib/integrations/slack/views.ts). */
export type MessageView = {
  kind: "change" | "failover-run";
  id: string;
  /** "Change #12 · payments-eu: Plan: 1 to add …" / "Failover #3 · checkout eu-west-1 → us-east-1". */
  headline: string;
  requestedBy: string;
  /** Label and value lines: counts or runbook path, blast radius, SLO gate or readiness, data loss. */
  facts: Array<{ label: string; value: string }>;
  approvals: { names: string[]; counted: number; required: number };
  /** The button value: what the approver saw (plan hash, or runbook version and target). */
  action: { version: string } & Record<string, string>;
  /** null while the subject awaits approval (buttons shown); otherwise the line that replaces them. */
  outcome: string | null;
  url: string;
};

export const ACTION_APPROVE = "meridian.approve";
export const ACTION_REJECT = "meridian.reject";
export const ACTION_OPEN = "meridian.open";

export type ButtonValue = { k: "change"; id: string; sha: string } | { k: "failover-run"; id: string; rv: string; to: string };

export function buttonValue(view: MessageView): string {
  const value: ButtonValue = view.kind === "change" ? { k: "change", id: view.id, sha: view.action.version } : { k: "failover-run", id: view.id, rv: view.action.runbookVersion, to: view.action.target };
  return JSON.stringify(value);
}

const STARTED_IN_CONSOLE = {
  change: "Applies are started in Meridian, where the preflight is shown: approving here does not apply.",
  "failover-run": "Failovers are executed in Meridian, where the preflight is shown: approving here does not start it.",
} as const;

/** The Block Kit message and its plain-text fallback for a view; the same view always gives the same blocks. */
export function renderMessage(view: MessageView): { text: string; blocks: unknown[] } {
  const approvals = `Approvals ${view.approvals.counted} of ${view.approvals.required}${view.approvals.names.length ? `: ${view.approvals.names.map(escapeSlack).join(", ")}` : ""}`;
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${escapeSlack(view.headline)}*\nRequested by ${escapeSlack(view.requestedBy)}` } },
    { type: "section", fields: view.facts.map((f) => ({ type: "mrkdwn", text: `*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}` })) },
    { type: "context", elements: [{ type: "mrkdwn", text: approvals }] },
  ];
  const open = { type: "button", action_id: ACTION_OPEN, text: { type: "plain_text", text: "Open in Meridian" }, url: view.url };
  if (view.outcome === null) {
    const value = buttonValue(view);
    blocks.push({
      type: "actions",
      block_id: "meridian.review",
      elements: [
        { type: "button", action_id: ACTION_APPROVE, style: "primary", text: { type: "plain_text", text: "Approve" }, value },
        { type: "button", action_id: ACTION_REJECT, style: "danger", text: { type: "plain_text", text: "Reject" }, value },
        open,
      ],
    });
  } else {
    blocks.push({ type: "section", block_id: "meridian.outcome", text: { type: "mrkdwn", text: `*${escapeSlack(view.outcome)}*` } });
    blocks.push({ type: "actions", block_id: "meridian.open", elements: [open] });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: STARTED_IN_CONSOLE[view.kind] }] });
  return { text: `${view.headline}: ${view.outcome ?? "needs approval"}`, blocks };
}
