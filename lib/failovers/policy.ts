import type { Role } from "@/lib/auth/roles";
import type { ReadinessVerdict } from "@/lib/replication/types";

/**
 * Who may let a failover run, as pure data: one incident commander's approval or two approvers',
 * never the requester's; approvals count only for the runbook version and target they were given
 * for; a drop to not-ready after the request voids them; break-glass lets an incident commander
 * run with no second approval, given a reason, and flags the run for review.
 */

export const COMMANDER_ROLES: readonly Role[] = ["incident-commander"];
/** Roles whose approval counts toward the two-approver rule (commanders count there too). */
export const APPROVER_ROLES: readonly Role[] = ["approver", "incident-commander", "admin"];
export const REQUIRED_APPROVERS = 2;
/** Written reasons shorter than this are not reasons. */
export const MIN_BREAK_GLASS_REASON = 10;

export type PolicyRun = {
  state: string;
  requesterId: string;
  /** The runbook version the run was requested with. */
  runbookVersion: string;
  toRegion: string;
};

export type PolicyFailoverApproval = {
  id?: string;
  approverId: string;
  approverName?: string;
  role: string;
  runbookVersion: string;
  target: string;
  invalidatedAt: Date | null;
};

export type BreakGlass = { actorId: string; role: string; reason: string };

export type FailoverPolicyInput = {
  run: PolicyRun;
  approvals: PolicyFailoverApproval[];
  /** The runbook's version in the config now: an edited runbook voids earlier approvals. */
  currentRunbookVersion: string;
  /** The verdict the approvers saw (the run's preflight) and the one now, before execution. */
  readinessAtRequest: ReadinessVerdict | null;
  readinessNow: ReadinessVerdict | null;
  breakGlass?: BreakGlass | null;
};

export type FailoverBlockerRule = "state" | "runbook-changed" | "approvals" | "readiness-dropped" | "break-glass";
export type FailoverBlocker = { rule: FailoverBlockerRule; message: string; unblock: string };

export type FailoverPolicyResult = {
  canExecute: boolean;
  blockers: FailoverBlocker[];
  /** Approvals that count, one per approver. */
  counted: PolicyFailoverApproval[];
  satisfiedBy: "incident-commander" | "two-approvers" | "break-glass" | null;
  /** Break-glass runs are flagged for post-incident review. */
  reviewRequired: boolean;
  /** Approvals the caller must mark invalidated (readiness dropped to not-ready since the request). */
  invalidate: PolicyFailoverApproval[];
};

export type ApprovalDiscard = "requester" | "role" | "invalidated" | "other-version" | "other-target" | "readiness-dropped";

const DISCARD_TEXT: Record<ApprovalDiscard, string> = {
  requester: "by the requester",
  role: "from a role that cannot approve failovers",
  invalidated: "invalidated",
  "other-version": "for another runbook version",
  "other-target": "for another target region",
  "readiness-dropped": "given before readiness dropped to not-ready",
};

/** Readiness fell to not-ready after the approvers looked: what they approved no longer holds. */
export function hasReadinessDropped(atRequest: ReadinessVerdict | null, now: ReadinessVerdict | null): boolean {
  return now === "not-ready" && atRequest !== "not-ready";
}

/** Why an approval does not count, or null when it does. */
export function getApprovalDiscardReason(a: PolicyFailoverApproval, input: Omit<FailoverPolicyInput, "approvals" | "breakGlass">): ApprovalDiscard | null {
  if (a.approverId === input.run.requesterId) return "requester";
  if (!(APPROVER_ROLES as readonly string[]).includes(a.role)) return "role";
  if (a.invalidatedAt !== null) return "invalidated";
  if (a.runbookVersion !== input.currentRunbookVersion || a.runbookVersion !== input.run.runbookVersion) return "other-version";
  if (a.target !== input.run.toRegion) return "other-target";
  if (hasReadinessDropped(input.readinessAtRequest, input.readinessNow)) return "readiness-dropped";
  return null;
}

/** Whether an approval by this actor may be recorded at all (the route answers 403 otherwise). */
export function getApproveDenial(run: PolicyRun, actor: { id: string; role: string }): string | null {
  if (actor.id === run.requesterId) return "the requester cannot approve their own failover";
  if (!(APPROVER_ROLES as readonly string[]).includes(actor.role)) return `role ${actor.role} cannot approve failovers`;
  return null;
}

const EXECUTABLE_STATES = ["requested", "approved"];

export function evaluateFailoverPolicy(input: FailoverPolicyInput): FailoverPolicyResult {
  const blockers: FailoverBlocker[] = [];
  const { run } = input;
  if (!EXECUTABLE_STATES.includes(run.state)) blockers.push({ rule: "state", message: `the run is ${run.state}`, unblock: "request a new failover" });
  if (run.runbookVersion !== input.currentRunbookVersion)
    blockers.push({ rule: "runbook-changed", message: "the runbook changed after this failover was requested", unblock: "request the failover again against the current runbook" });

  const dropped = hasReadinessDropped(input.readinessAtRequest, input.readinessNow);
  const invalidate = dropped ? input.approvals.filter((a) => a.invalidatedAt === null) : [];

  const counted: PolicyFailoverApproval[] = [];
  const seen = new Set<string>();
  const discarded: ApprovalDiscard[] = [];
  for (const a of input.approvals) {
    const why = getApprovalDiscardReason(a, input);
    if (why) discarded.push(why);
    else if (!seen.has(a.approverId)) {
      seen.add(a.approverId);
      counted.push(a);
    }
  }
  const commander = counted.some((a) => (COMMANDER_ROLES as readonly string[]).includes(a.role));
  let satisfiedBy: FailoverPolicyResult["satisfiedBy"] = commander ? "incident-commander" : counted.length >= REQUIRED_APPROVERS ? "two-approvers" : null;

  let reviewRequired = false;
  const bg = input.breakGlass;
  if (!satisfiedBy && bg) {
    if (!(COMMANDER_ROLES as readonly string[]).includes(bg.role))
      blockers.push({ rule: "break-glass", message: `break-glass is for incident commanders, not ${bg.role}`, unblock: "ask an incident commander" });
    else if (bg.reason.trim().length < MIN_BREAK_GLASS_REASON)
      blockers.push({ rule: "break-glass", message: `break-glass needs a written reason of at least ${MIN_BREAK_GLASS_REASON} characters`, unblock: "say why this cannot wait for a second approval" });
    else {
      satisfiedBy = "break-glass";
      reviewRequired = true;
    }
  }
  if (!satisfiedBy && !bg) {
    const have = counted.length;
    const notes = [...new Set(discarded)].map((d) => `${discarded.filter((x) => x === d).length} ${DISCARD_TEXT[d]}`);
    blockers.push({
      rule: dropped ? "readiness-dropped" : "approvals",
      message: `${have} of ${REQUIRED_APPROVERS} approvals (or one incident commander's)${notes.length ? `; not counted: ${notes.join(", ")}` : ""}`,
      unblock: dropped ? "readiness dropped to not-ready after approval: approve again knowing the new verdict" : "an incident commander or two approvers other than the requester approve",
    });
  }
  return { canExecute: blockers.length === 0, blockers, counted, satisfiedBy: blockers.length === 0 ? satisfiedBy : null, reviewRequired: blockers.length === 0 && reviewRequired, invalidate };
}
