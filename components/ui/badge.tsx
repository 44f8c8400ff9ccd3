import type { ReactNode } from "react";

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return <span className={`badge ${tone}`} title={title}>{children}</span>;
}

const HEALTH_TONES: Record<string, Tone> = {
  healthy: "ok", ok: "ok", ready: "ok", applied: "ok", complete: "ok", success: "ok", verified: "ok",
  degraded: "warn", warning: "warn", "at-risk": "warn", progressing: "warn", proposed: "info", approved: "info", applying: "info", ticket: "warn",
  down: "bad", breach: "bad", stalled: "bad", "not-ready": "bad", failed: "bad", unreachable: "bad", page: "bad", rejected: "bad", denied: "bad", failure: "bad", stale: "warn",
  unknown: "neutral", dormant: "neutral", cancelled: "neutral",
};

/** A status word with the colour people expect for it; the word is always shown, never colour alone. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={HEALTH_TONES[status] ?? "neutral"}>{status}</Badge>;
}
