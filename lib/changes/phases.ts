/**
 * A change's run as three phases, as HCP Terraform's run page shows them ("Planned 12 s", "Applied
 * 40 s"): plan, review (waiting for approval) and apply, each from timestamps the change already has.
 * A running phase has no end: its duration is the time elapsed so far.
 */

export type PhaseName = "plan" | "review" | "apply";
export type PhaseStatus = "done" | "running" | "pending" | "skipped";

export type ChangePhase = {
  phase: PhaseName;
  status: PhaseStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** end − start; for a running phase, now − start. Null when the start is not known (planned in CI). */
  durationMs: number | null;
  /** Who: the requester (plan), the approvers or the rejecter (review), who applied (apply). */
  by: string[];
  /**
   * How it ended: "planned" | "uploaded from CI" | "approved" | "rejected" | "cancelled" | an apply's
   * end state. A running review is "approved" once the policy's approvals are in (it waits for an apply).
   */
  outcome: string | null;
};

export type PhaseInput = {
  state: string;
  origin: string;
  requestedByName: string;
  createdAt: Date;
  planStartedAt: Date | null;
  plannedAt: Date | null;
  applyStartedAt: Date | null;
  finishedAt: Date | null;
  appliedByName: string | null;
  approvals: Array<{ approverName: string; decision: string; planSha256: string; invalidatedAt: Date | null; createdAt: Date }>;
  planSha256: string;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
const span = (start: Date | null, end: Date | null) => (start && end ? Math.max(0, end.getTime() - start.getTime()) : null);

function phase(name: PhaseName, status: PhaseStatus, start: Date | null, end: Date | null, now: Date, by: string[], outcome: string | null): ChangePhase {
  return { phase: name, status, startedAt: iso(start), endedAt: status === "running" ? null : iso(end), durationMs: span(start, status === "running" ? now : end), by, outcome };
}

export function getChangePhases(c: PhaseInput, now = new Date()): ChangePhase[] {
  // Changes stored before plannedAt existed: the request time is when their review began.
  const planned = c.plannedAt ?? c.createdAt;
  const plan = phase("plan", "done", c.planStartedAt, planned, now, [c.requestedByName], c.origin === "ci" ? "uploaded from CI" : "planned");

  const current = c.approvals.filter((a) => a.invalidatedAt === null && a.planSha256 === c.planSha256);
  const names = (decision: string) => current.filter((a) => a.decision === decision).map((a) => a.approverName);
  let review: ChangePhase;
  if (c.state === "proposed" || c.state === "approved") review = phase("review", "running", planned, null, now, names("approve"), c.state === "approved" ? "approved" : null);
  else if (c.applyStartedAt) review = phase("review", "done", planned, c.applyStartedAt, now, names("approve"), "approved");
  else if (c.state === "rejected") review = phase("review", "done", planned, c.finishedAt, now, names("reject"), "rejected");
  else review = phase("review", "done", planned, c.finishedAt, now, [], c.state);

  let apply: ChangePhase;
  if (!c.applyStartedAt) apply = phase("apply", c.state === "proposed" || c.state === "approved" ? "pending" : "skipped", null, null, now, [], null);
  else if (c.state === "applying") apply = phase("apply", "running", c.applyStartedAt, null, now, c.appliedByName ? [c.appliedByName] : [], null);
  else apply = phase("apply", "done", c.applyStartedAt, c.finishedAt, now, c.appliedByName ? [c.appliedByName] : [], c.state);

  return [plan, review, apply];
}
