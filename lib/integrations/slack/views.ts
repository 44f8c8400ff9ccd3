import "server-only";
import { getChangeDetail, type ChangeDetail } from "@/lib/changes/queries";
import { changeUrl } from "@/lib/changes/record-change";
import { getFailover, type FailoverDetail } from "@/lib/failovers/queries";
import { failoverUrl } from "@/lib/failovers/run-record";
import type { MessageView } from "./blocks";
import { consoleLink } from "./settings";

const at = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "");

function titleCase(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1).replace(/-/g, " ");
}

function blastRadius(d: ChangeDetail): string {
  const regions = d.summary.blastRadius ?? [];
  if (regions.length === 0) return "no region touched";
  return regions.map((r) => `${r.region} (${r.active ? "active" : "dormant"}): ${r.resources} resource${r.resources === 1 ? "" : "s"}${r.stateful ? `, ${r.stateful} stateful` : ""}`).join("; ");
}

/** The line that replaces a change's buttons, or null while it awaits approval. */
function changeOutcome(d: ChangeDetail): string | null {
  const approvers = d.approvals.filter((a) => a.current && a.decision === "approve");
  const last = approvers.at(-1);
  switch (d.state) {
    case "proposed":
      return null;
    case "approved":
      return `Approved by ${approvers.map((a) => a.approver).join(", ")} at ${at(last?.createdAt)}. Apply it in Meridian.`;
    case "rejected": {
      const by = d.approvals.filter((a) => a.current && a.decision === "reject").at(-1);
      return by ? `Rejected by ${by.approver} at ${at(by.createdAt)}` : "Rejected";
    }
    case "applying":
      return `Applying (started in Meridian${d.appliedBy ? ` by ${d.appliedBy}` : ""})`;
    case "applied":
      return `Applied${d.appliedBy ? ` by ${d.appliedBy}` : ""} at ${at(d.finishedAt)}`;
    case "failed":
      return `Apply failed at ${at(d.finishedAt)}`;
    case "stale":
      return "Stale: the state moved after planning; plan again";
    case "superseded":
      return "Superseded";
    default:
      // States added later (and any terminal one) are named as they are.
      return titleCase(d.state);
  }
}

/** A change's message for its current plan, from the change page's own DTO. */
export function changeView(d: ChangeDetail): MessageView {
  const gate = d.sloGate.blocked ? `blocked: ${d.sloGate.reasons.join("; ")}` : d.sloGate.unknown.length ? `unknown: ${d.sloGate.unknown.join("; ")}` : "clear";
  return {
    kind: "change",
    id: d.id,
    // The default title already starts with the workspace; a chosen one may not, so the workspace is its own fact.
    headline: `Change #${d.number} · ${d.title}`,
    requestedBy: d.requestedBy,
    facts: [
      { label: "Workspace", value: d.workspace },
      { label: "Plan", value: d.planLine ?? "No resource changes" },
      { label: "Blast radius", value: blastRadius(d) },
      { label: "SLO gate", value: gate },
      { label: "Plan revision", value: `${d.planRevision} · ${d.planSha256.slice(0, 12)}` },
    ],
    approvals: { names: d.approvals.filter((a) => a.current && a.decision === "approve").map((a) => a.approver), counted: d.policy.counted, required: d.policy.required },
    action: { version: d.planSha256 },
    outcome: changeOutcome(d),
    url: consoleLink(changeUrl(d.id)),
  };
}

export async function getChangeView(id: string): Promise<{ view: MessageView; detail: ChangeDetail }> {
  const detail = await getChangeDetail(id);
  return { view: changeView(detail), detail };
}

function failoverOutcome(f: FailoverDetail): string | null {
  const approvers = f.approvals.filter((a) => a.invalidatedAt === null && a.runbookVersion === f.runbookVersion);
  switch (f.state) {
    case "requested":
      return null;
    case "approved":
      return `Approved by ${approvers.map((a) => a.approver).join(", ")} at ${at(approvers.at(-1)?.createdAt)}. Execute it in Meridian.`;
    case "running":
      return `Running (started in Meridian at ${at(f.startedAt)})`;
    case "succeeded":
      return `Succeeded at ${at(f.finishedAt)}`;
    default:
      return `${titleCase(f.state)}${f.finishedAt ? ` at ${at(f.finishedAt)}` : ""}`;
  }
}

/** A failover run's message, from the failover page's own DTO. */
export function failoverView(f: FailoverDetail): MessageView {
  const readiness = f.readinessNow?.verdict ?? f.preflight.readiness?.verdict ?? "unknown";
  const loss = f.preflight.expectedDataLossSec;
  const approvers = f.approvals.filter((a) => a.invalidatedAt === null && a.runbookVersion === f.runbookVersion);
  return {
    kind: "failover-run",
    id: f.id,
    headline: `Failover #${f.number} · ${f.service} ${f.from} → ${f.to}${f.mode === "drill" ? " (drill)" : ""}`,
    requestedBy: f.requestedBy,
    facts: [
      { label: "Runbook", value: `${f.preflight.runbookName} · version ${f.runbookVersion.slice(0, 12)}` },
      { label: "Path", value: f.path ?? "unknown" },
      { label: "Readiness", value: readiness },
      { label: "Expected data loss", value: loss === null ? "unknown" : `${loss} s of writes` },
      { label: "Blast radius", value: `${f.service}: traffic moves from ${f.from} to ${f.to}` },
    ],
    approvals: { names: approvers.map((a) => a.approver), counted: f.policy?.counted ?? approvers.length, required: f.policy?.required ?? 2 },
    action: { version: `${f.runbookVersion}:${f.to}`, runbookVersion: f.runbookVersion, target: f.to },
    outcome: failoverOutcome(f),
    url: consoleLink(failoverUrl(f.id)),
  };
}

export async function getFailoverView(id: string): Promise<{ view: MessageView; detail: FailoverDetail }> {
  const detail = await getFailover(id);
  return { view: failoverView(detail), detail };
}
