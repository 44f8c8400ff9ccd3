import { ConflictError } from "@/lib/http/errors";

/**
 * Change request states: proposed → approved|rejected → applying → applied|failed|stale; cancelled
 * before applying; superseded when a new push to its pull request made the plan out of date (CI
 * uploads the new commit's plan as a new change).
 */
export const CHANGE_STATES = ["proposed", "approved", "rejected", "applying", "applied", "failed", "stale", "cancelled", "superseded"] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

const TRANSITIONS: Record<ChangeState, readonly ChangeState[]> = {
  // approved → proposed: a new plan for the same request (or an expired approval) drops it back.
  proposed: ["approved", "rejected", "cancelled", "superseded"],
  approved: ["applying", "proposed", "rejected", "cancelled", "superseded"],
  // applying ends exactly one way; a crashed apply is marked failed by the operator, never re-run.
  applying: ["applied", "failed", "stale"],
  rejected: [],
  applied: [],
  failed: [],
  stale: [],
  cancelled: [],
  superseded: [],
};

export const TERMINAL_STATES: readonly ChangeState[] = CHANGE_STATES.filter((s) => TRANSITIONS[s].length === 0);

export function isChangeState(value: unknown): value is ChangeState {
  return typeof value === "string" && (CHANGE_STATES as readonly string[]).includes(value);
}

export function canTransition(from: ChangeState, to: ChangeState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a move to `to` may start from: the `where: { state: { in } }` of the conditional update. */
export function getStatesBefore(to: ChangeState): ChangeState[] {
  return CHANGE_STATES.filter((from) => TRANSITIONS[from].includes(to));
}

/** Throws a 409 naming both states when the move is not allowed. */
export function assertTransition(from: string, to: ChangeState): asserts from is ChangeState {
  if (!isChangeState(from)) throw new ConflictError(`Unknown change state "${from}".`, { from, to });
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    throw new ConflictError(
      `A change that is ${from} cannot become ${to}${allowed.length ? ` (from ${from}: ${allowed.join(", ")})` : ` (${from} is final)`}.`,
      { from, to },
    );
  }
}
