import { Badge, type Tone } from "@/components/ui/badge";

const TONES: Record<string, Tone> = {
  requested: "info", approved: "info", running: "info", aborting: "warn", pending: "neutral",
  succeeded: "ok", failed: "bad", aborted: "warn", "rolled-back": "warn", skipped: "neutral",
  interrupted: "bad", "rolling-back": "warn", "rollback-failed": "bad",
  ready: "ok", "at-risk": "warn", "not-ready": "bad",
};

/** A run, step or verdict state in words, with its colour. */
export function RunStateBadge({ state }: { state: string }) {
  return <Badge tone={TONES[state] ?? "neutral"}>{state}</Badge>;
}
