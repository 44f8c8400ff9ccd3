import type { ChangeDetail } from "@/lib/changes/queries";

/** GitHub's limit for output.summary is 65,535 characters; ours stays well under it whatever the plan. */
export const GITHUB_SUMMARY_LIMIT = 65_535;
export const SUMMARY_BUDGET = 60_000;

export type CheckStatus = "queued" | "in_progress" | "completed";
export type CheckConclusion = "action_required" | "cancelled" | "failure" | "neutral" | "success" | "skipped" | "timed_out";

/** What one check run shows: the body of GitHub's create/update call, less the repository. */
export type RenderedCheck = {
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  title: string;
  summary: string;
  detailsUrl: string;
};

export function checkNameFor(workspace: string): string {
  return `meridian: ${workspace}`;
}
export const AGGREGATE_CHECK_NAME = "meridian";

type Verdict = { status: CheckStatus; conclusion: CheckConclusion | null; title: string };

/**
 * The mapping of a change's state to a check run (docs/github.md has the same table). Waiting is
 * `action_required` ("Approve in Meridian"), so a required check never reads as passed before the apply.
 */
export function verdictFor(d: Pick<ChangeDetail, "state" | "policy" | "sloGate" | "appliedBy"> & { hasChanges: boolean }): Verdict {
  const approvals = `${d.policy.counted} of ${d.policy.required} approvals`;
  const gateBlocked = d.sloGate.blocked && !d.policy.sloGateOverridden;
  switch (d.state) {
    case "proposed":
      if (!d.hasChanges) return { status: "completed", conclusion: "success", title: "No changes" };
      if (gateBlocked) return { status: "completed", conclusion: "action_required", title: `SLO gate blocked · ${approvals}: approve in Meridian` };
      return { status: "completed", conclusion: "action_required", title: `Waiting for approval (${approvals}): approve in Meridian` };
    case "approved":
      if (!d.hasChanges) return { status: "completed", conclusion: "success", title: "No changes" };
      if (gateBlocked) return { status: "completed", conclusion: "action_required", title: "Approved · SLO gate blocks the apply" };
      return { status: "completed", conclusion: "neutral", title: `Approved (${approvals}): apply in Meridian` };
    case "applying":
      return { status: "in_progress", conclusion: null, title: `Applying${d.appliedBy ? ` (started by ${d.appliedBy})` : ""}` };
    case "applied":
      return { status: "completed", conclusion: "success", title: d.hasChanges ? "Applied" : "Applied (no changes)" };
    case "rejected":
      return { status: "completed", conclusion: "failure", title: "Rejected" };
    case "failed":
      return { status: "completed", conclusion: "failure", title: "Apply failed" };
    case "stale":
      return { status: "completed", conclusion: "failure", title: "Plan stale: the state moved after planning; plan again" };
    case "cancelled":
      return { status: "completed", conclusion: "cancelled", title: "Cancelled" };
    case "superseded":
      return { status: "completed", conclusion: "skipped", title: "Superseded by a newer push to the pull request" };
    default:
      // Fail closed: a state this mapping does not know is never a green check.
      return { status: "completed", conclusion: "failure", title: `Unknown state ${d.state}` };
  }
}

/** Adds lines until the budget is spent, then one line saying how many were left out. */
class Budget {
  private parts: string[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}
  get left(): number {
    return this.limit - this.used;
  }
  add(text: string): boolean {
    if (text.length + 1 > this.left) return false;
    this.parts.push(text);
    this.used += text.length + 1;
    return true;
  }
  /** A list, cut when the rest of the budget (less a reserve for what follows) is spent. */
  list(items: string[], render: (item: string) => string, noun: string, reserve: number): void {
    let shown = 0;
    for (const item of items) {
      const line = render(item);
      if (line.length + 1 > this.left - reserve - 120) break;
      this.add(line);
      shown++;
    }
    if (shown < items.length) this.add(`- … and ${items.length - shown} more ${noun} left out here (${items.length} in all): the full list is in Meridian.`);
  }
  toString(): string {
    return this.parts.join("\n");
  }
}

function mdEscape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/**
 * The check run's summary: terraform's counts line, destructive and stateful resources, blast radius
 * by region, the SLO gate, approvals "n of m (names)" and a link to the change. Lists are cut so the
 * whole stays under SUMMARY_BUDGET characters and says how much was left out; the full plan stays in Meridian.
 */
export function renderChangeSummary(d: ChangeDetail, url: string, limit = SUMMARY_BUDGET): string {
  const b = new Budget(limit);
  const s = d.summary;
  b.add(`**Change #${d.number}** in workspace \`${mdEscape(d.workspace)}\` · state **${d.state}** · [open in Meridian](${url})`);
  b.add("");
  b.add(s.planLine ? `\`${s.planLine}\`` : s.outputs.length ? "Output changes only." : "No changes. Your infrastructure matches the configuration.");
  b.add("");
  const approvers = d.approvals.filter((a) => a.current && a.decision === "approve").map((a) => a.approver);
  const rejecters = d.approvals.filter((a) => a.current && a.decision === "reject").map((a) => a.approver);
  b.add(`**Approvals:** ${d.policy.counted} of ${d.policy.required}${approvers.length ? ` (${approvers.map(mdEscape).join(", ")})` : ""}${rejecters.length ? ` · rejected by ${rejecters.map(mdEscape).join(", ")}` : ""}`);
  const gate = d.sloGate.blocked ? (d.policy.sloGateOverridden ? "blocked, overridden" : "blocked") : d.sloGate.unknown.length ? "unknown (fails closed)" : "clear";
  b.add(`**SLO gate:** ${gate}`);
  // The gate's reasons are short and few; a long list is cut like the others.
  const reserveAfterGate = 4_000;
  b.list([...d.sloGate.reasons, ...d.sloGate.unknown], (r) => `- ${mdEscape(r)}`, "SLO gate reasons", reserveAfterGate);
  const blockers = d.policy.blockers.map((x) => x.message);
  if (blockers.length && !["applied", "applying"].includes(d.state)) {
    b.add("**Before it can be applied:**");
    b.list(blockers, (m) => `- ${mdEscape(m)}`, "blockers", reserveAfterGate);
  }
  b.add("");
  if (s.blastRadius.length) {
    b.add("**Blast radius by region**");
    b.add("| region | role | resources | add | change | destroy | replace | stateful |");
    b.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    const rows = s.blastRadius.map((r) => `| ${mdEscape(r.region)} | ${r.active ? "active" : "dormant"} | ${r.resources} | ${r.create} | ${r.update} | ${r.delete} | ${r.replace} | ${r.stateful} |`);
    b.list(rows, (r) => r, "regions", 3_000);
    b.add("");
  }
  const stateful = new Set(s.statefulDestructive);
  if (s.statefulDestructive.length) {
    b.add(`**Destroys or replaces data (${s.statefulDestructive.length})**`);
    b.list(s.statefulDestructive, (a) => `- \`${a}\``, "stateful resources", 1_500);
    b.add("");
  }
  const otherDestructive = s.destructive.filter((a) => !stateful.has(a));
  if (otherDestructive.length) {
    b.add(`**Other destroyed or replaced resources (${otherDestructive.length})**`);
    b.list(otherDestructive, (a) => `- \`${a}\``, "destructive resources", 300);
    b.add("");
  }
  b.add(`The full plan (${d.resourcePage.total} resource changes) is in [Meridian](${url}); approvals there are bound to plan \`${d.planSha256.slice(0, 12)}\`.`);
  return b.toString();
}

export function renderChangeCheck(d: ChangeDetail, url: string): RenderedCheck {
  const v = verdictFor({ ...d, hasChanges: d.summary.hasChanges });
  return { name: checkNameFor(d.workspace), status: v.status, conclusion: v.conclusion, title: v.title, summary: renderChangeSummary(d, url), detailsUrl: url };
}

export type AggregateMember = { workspace: string; number: number; state: string; hasChanges: boolean; conclusion: CheckConclusion | null; title: string; url: string };

/**
 * The aggregated `meridian` check of one head commit: green only when every workspace's change for
 * that commit is applied or has no changes; red when any ended without applying; in progress while
 * one applies; otherwise waiting (action_required). Usable as the one required status.
 */
export function renderAggregateCheck(headSha: string, members: AggregateMember[], detailsUrl: string): RenderedCheck {
  const done = members.filter((m) => m.state === "applied" || (!m.hasChanges && ["proposed", "approved", "applied"].includes(m.state)));
  const ended = members.filter((m) => ["rejected", "failed", "stale", "cancelled", "superseded"].includes(m.state));
  const applying = members.filter((m) => m.state === "applying");
  let v: Verdict;
  if (members.length === 0) v = { status: "completed", conclusion: "neutral", title: "No Meridian changes for this commit" };
  else if (ended.length) v = { status: "completed", conclusion: "failure", title: `${ended.length} of ${members.length} workspaces ended without applying` };
  else if (done.length === members.length) v = { status: "completed", conclusion: "success", title: `All ${members.length} workspaces applied or unchanged` };
  else if (applying.length) v = { status: "in_progress", conclusion: null, title: `Applying: ${done.length} of ${members.length} workspaces done` };
  else v = { status: "completed", conclusion: "action_required", title: `${done.length} of ${members.length} workspaces applied or unchanged: review and apply in Meridian` };
  const b = new Budget(SUMMARY_BUDGET);
  b.add(`Meridian's changes for commit \`${headSha.slice(0, 12)}\`: green only when every workspace is applied or has no changes.`);
  b.add("");
  b.add("| workspace | change | state | check |");
  b.add("| --- | --- | --- | --- |");
  const rows = members.map((m) => `| ${mdEscape(m.workspace)} | [#${m.number}](${m.url}) | ${m.state} | ${mdEscape(m.title)} |`);
  b.list(rows, (r) => r, "workspaces", 200);
  return { name: AGGREGATE_CHECK_NAME, status: v.status, conclusion: v.conclusion, title: v.title, summary: b.toString(), detailsUrl };
}
