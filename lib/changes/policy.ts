import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import type { approvalPolicySchema } from "./config-schema";
import { isFrozen, type FreezeWindow } from "./freeze-window";

/**
 * Whether a change may be applied, as pure data: every rule that blocks says which rule it is
 * and what would unblock it, so the change page and the 409 body can show exactly that.
 */

export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

export type PolicyChange = {
  state: string;
  requesterId: string;
  planSha256: string;
  workspace: string;
};

export type PolicyApproval = {
  approverId: string;
  approverName?: string;
  role: string;
  decision: "approve" | "reject" | string;
  planSha256: string;
  createdAt: Date;
  expiresAt: Date;
  invalidatedAt: Date | null;
};

export type SloGateResult = { blocked: boolean; reasons: string[] };
export type SloOverride = { by: string; role: string; reason: string } | null;

export type PolicyRule = "state" | "approvals" | "rejected" | "freeze-window" | "slo-gate";
export type Blocker = { rule: PolicyRule; message: string; unblock: string };

export type PolicyInput = {
  change: PolicyChange;
  approvals: PolicyApproval[];
  policy: ApprovalPolicy;
  now: Date;
  sloGate: SloGateResult;
  override: SloOverride;
};

export type PolicyResult = {
  canApply: boolean;
  blockers: Blocker[];
  /** Approvals that count, one per approver. */
  counted: PolicyApproval[];
  required: number;
  /** True when the SLO gate would block and a valid incident-commander override lets it through. */
  sloGateOverridden: boolean;
};

/** Written reasons shorter than this are not reasons. */
export const MIN_OVERRIDE_REASON = 10;
export const OVERRIDE_ROLES: readonly Role[] = ["incident-commander"];
const OPEN_STATES = ["proposed", "approved"];

export function getApprovalExpiry(createdAt: Date, policy: ApprovalPolicy): Date {
  return new Date(createdAt.getTime() + policy.approvalTtl);
}

type Discard = "requester" | "role" | "other-plan" | "invalidated" | "expired";

/** Why an approval does not count, or null when it does. */
export function getDiscardReason(a: PolicyApproval, change: PolicyChange, policy: ApprovalPolicy, now: Date): Discard | null {
  if (a.approverId === change.requesterId) return "requester";
  if (!(policy.approverRoles as readonly string[]).includes(a.role)) return "role";
  if (a.invalidatedAt !== null) return "invalidated";
  if (a.planSha256 !== change.planSha256) return "other-plan";
  // The TTL is checked again here so a shortened policy applies to approvals already given.
  if (a.expiresAt.getTime() <= now.getTime() || getApprovalExpiry(a.createdAt, policy).getTime() <= now.getTime()) return "expired";
  return null;
}

const DISCARD_TEXT: Record<Discard, string> = {
  requester: "by the requester",
  role: "from a role that cannot approve",
  "other-plan": "for an earlier plan",
  invalidated: "invalidated by a new plan",
  expired: "expired",
};

export function evaluatePolicy(input: PolicyInput): PolicyResult {
  const { change, approvals, policy, now, sloGate, override } = input;
  const blockers: Blocker[] = [];

  if (!OPEN_STATES.includes(change.state)) {
    blockers.push({
      rule: "state",
      message: change.state === "applying" ? "An apply of this change is already running." : `This change is ${change.state}.`,
      unblock: change.state === "applying" ? "Wait for it to finish." : "Open a new change request with a fresh plan.",
    });
  }

  const rejects = approvals.filter((a) => a.decision === "reject" && a.invalidatedAt === null && a.planSha256 === change.planSha256);
  for (const r of rejects) {
    blockers.push({
      rule: "rejected",
      message: `Rejected by ${r.approverName ?? r.approverId}.`,
      unblock: "Address the rejection and upload a new plan; the new plan starts a fresh review.",
    });
  }

  const counted = new Map<string, PolicyApproval>();
  const discarded = new Map<Discard, number>();
  for (const a of approvals) {
    if (a.decision !== "approve") continue;
    const why = getDiscardReason(a, change, policy, now);
    if (why) discarded.set(why, (discarded.get(why) ?? 0) + 1);
    else if (!counted.has(a.approverId)) counted.set(a.approverId, a);
  }
  const required = policy.approvals;
  if (counted.size < required) {
    const missing = required - counted.size;
    const roles = policy.approverRoles.join(" or ");
    const notes = [...discarded.entries()].map(([why, n]) => `${n} ${DISCARD_TEXT[why]}`);
    blockers.push({
      rule: "approvals",
      message: `${counted.size} of ${required} approval${required === 1 ? "" : "s"} for this plan${notes.length ? ` (not counted: ${notes.join(", ")})` : ""}.`,
      unblock: `${missing} more approval${missing === 1 ? "" : "s"} of plan ${change.planSha256.slice(0, 12)} from ${roles}, by someone other than the requester${counted.size ? " or the approvers so far" : ""}.`,
    });
  }

  const frozen = isFrozen(policy.freezeWindows satisfies FreezeWindow[], now);
  if (frozen?.invalid) {
    blockers.push({ rule: "freeze-window", message: `Freeze window "${frozen.name}" cannot be read: ${frozen.invalid}.`, unblock: "Fix the freeze window in the workspace policy." });
  } else if (frozen) {
    blockers.push({
      rule: "freeze-window",
      message: `Freeze window "${frozen.name}" is in effect.`,
      unblock: frozen.endsAt ? `Wait until the freeze ends at ${frozen.endsAt.toISOString()}.` : "Wait until the freeze window ends.",
    });
  }

  let sloGateOverridden = false;
  if (policy.sloGate && sloGate.blocked) {
    const why = sloGate.reasons.length ? sloGate.reasons.join("; ") : "a region this plan touches is burning its error budget";
    const overrideProblem = getOverrideProblem(override);
    if (override && !overrideProblem) {
      sloGateOverridden = true;
    } else {
      blockers.push({
        rule: "slo-gate",
        message: `SLO gate: ${why}.${override && overrideProblem ? ` Override not accepted: ${overrideProblem}` : ""}`,
        unblock: "Wait until the budget recovers, the page-level burn stops and the SLO data of the touched regions is current again, or an incident commander overrides with a written reason.",
      });
    }
  }

  return { canApply: blockers.length === 0, blockers, counted: [...counted.values()], required, sloGateOverridden };
}

/** Null when the override is acceptable, else why not. */
export function getOverrideProblem(override: SloOverride): string | null {
  if (!override) return "no override given.";
  if (!(OVERRIDE_ROLES as readonly string[]).includes(override.role)) return `only an incident commander can override (${override.by} is ${override.role}).`;
  if (override.reason.trim().length < MIN_OVERRIDE_REASON) return `the reason must say why in at least ${MIN_OVERRIDE_REASON} characters.`;
  return null;
}

export type ReviewActor = { id: string; role: string };
export type ReviewDecision = { decision: "approve" | "reject"; planSha256: string };
export type ReviewCheck = { ok: true } | { ok: false; status: 403 | 409; message: string };

/**
 * Whether `actor` may approve or reject `change` now. 403 for who they are, 409 for the change's
 * state or a plan hash that is not the one on the change (the approver looked at another plan).
 */
export function canReview(
  actor: ReviewActor,
  change: PolicyChange,
  policy: ApprovalPolicy,
  input: ReviewDecision,
  approvals: PolicyApproval[],
  now: Date,
): ReviewCheck {
  if (actor.id === change.requesterId) {
    return {
      ok: false,
      status: 403,
      message: input.decision === "approve" ? "The requester can never approve their own change." : "The requester cannot reject their own change; cancel it instead.",
    };
  }
  if (!(policy.approverRoles as readonly string[]).includes(actor.role)) {
    return { ok: false, status: 403, message: `In workspace ${change.workspace} only ${policy.approverRoles.join(", ")} may review changes; you are ${actor.role}.` };
  }
  if (!OPEN_STATES.includes(change.state)) return { ok: false, status: 409, message: `This change is ${change.state}; it can no longer be reviewed.` };
  if (input.planSha256 !== change.planSha256) {
    return {
      ok: false,
      status: 409,
      message: `The plan changed since you reviewed it: the change now holds plan ${change.planSha256.slice(0, 12)}, you reviewed ${input.planSha256.slice(0, 12)}. Review the new plan.`,
    };
  }
  // One live review per person per plan, whichever way it went (a unique index enforces it too).
  const already = approvals.find((a) => a.approverId === actor.id && getDiscardReason(a, change, policy, now) === null);
  if (already) return { ok: false, status: 409, message: `You already ${already.decision === "approve" ? "approved" : "rejected"} this plan.` };
  return { ok: true };
}
