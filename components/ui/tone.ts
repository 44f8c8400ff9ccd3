// One vocabulary: every state word the console shows maps to one tone here, so "unreachable" is red
// on the overview exactly as on the regions page. Badges, tiles, borders and sparklines read it.

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

const STATE_TONES: Record<string, Tone> = {
  // health, readiness, replication, SLOs, sources
  healthy: "ok", ok: "ok", ready: "ok", fresh: "ok", met: "ok", current: "ok",
  degraded: "warn", warning: "warn", "at-risk": "warn", ticket: "warn", stale: "warn", progressing: "warn",
  down: "bad", unreachable: "bad", breach: "bad", stalled: "bad", "not-ready": "bad", page: "bad", missed: "bad",
  unknown: "neutral", dormant: "neutral", "no data": "neutral", active: "info", "active-active": "info",
  // terraform changes: the end state reads as done, not as a blocker
  proposed: "info", approved: "info", applying: "info", applied: "ok", failed: "bad", rejected: "bad", cancelled: "neutral", superseded: "neutral",
  // failover runs and steps
  requested: "info", running: "info", pending: "neutral", waiting: "neutral", succeeded: "ok", skipped: "neutral",
  aborting: "warn", aborted: "warn", "rolling-back": "warn", "rolled-back": "warn", interrupted: "bad", "rollback-failed": "bad",
  // audit outcomes
  success: "ok", failure: "bad", denied: "bad", verified: "ok",
  // resource actions in a plan: destroying is the dangerous one
  create: "ok", update: "warn", delete: "bad", replace: "bad", read: "info", forget: "neutral", "no-op": "neutral",
};

export function toneOf(state: string): Tone {
  return STATE_TONES[state] ?? "neutral";
}

/** The CSS colour of a tone, for borders, large words and chart strokes. */
export const TONE_COLOR: Record<Tone, string> = { ok: "var(--ok)", warn: "var(--warn)", bad: "var(--bad)", info: "var(--info)", neutral: "var(--muted)" };

export function colorOf(state: string): string {
  return TONE_COLOR[toneOf(state)];
}

/** A count in a plan or a list: coloured only when there is something to see (−0 destroy is not news). */
export function countTone(count: number, tone: Tone): Tone {
  return count === 0 ? "neutral" : tone;
}

/**
 * The reason shown beside a state badge without the state repeated ("stalled" + "stalled: the
 * replica…" reads "stalled stalled: …"); also folds "x stalled: stalled: …" inside longer messages.
 */
export function withoutRepeatedState(text: string, state?: string): string {
  let out = text.replace(/\b([a-z][a-z-]*): \1: /g, "$1: ");
  if (state && out.toLowerCase().startsWith(`${state.toLowerCase()}: `)) out = out.slice(state.length + 2);
  return out;
}

/** A policy blocker's rule: waiting for approvals is the normal path, not an error. */
export function blockerTone(rule: string): Tone {
  if (rule === "approvals") return "info";
  if (rule === "state") return "neutral";
  if (rule === "freeze-window") return "warn";
  return "bad";
}
