import type { ChangePhase } from "@/lib/changes/phases";
import { formatDuration } from "@/lib/config/duration";
import { formatUtc } from "@/lib/format";
import { StatusBadge } from "@/components/ui/badge";
import { Elapsed } from "./elapsed";

const TITLES: Record<ChangePhase["phase"], string> = { plan: "Plan", review: "Review", apply: "Apply" };

// "Planned 12 s", "Approved after 3 min", "Applied 40 s": one line per phase, as HCP Terraform words it.
function headline(p: ChangePhase): string {
  const d = p.durationMs === null ? "" : ` ${formatDuration(p.durationMs)}`;
  switch (p.phase) {
    case "plan":
      return p.durationMs === null ? "Planned outside Meridian (uploaded from CI)" : `Planned${d}`;
    case "review":
      if (p.outcome === "approved") return `Approved after${d}`;
      if (p.outcome === "rejected") return `Rejected after${d}`;
      return `Review ended (${p.outcome ?? "closed"}) after${d}`;
    case "apply":
      if (p.status === "pending") return "Not started";
      if (p.status === "skipped") return "Not applied";
      if (p.outcome === "applied") return `Applied${d}`;
      return `Ended ${p.outcome ?? ""} after${d}`;
  }
}

const WHO: Record<ChangePhase["phase"], (p: ChangePhase) => string> = {
  plan: () => "requested",
  review: (p) => (p.outcome === "rejected" ? "rejected" : "approved"),
  apply: (p) => (p.outcome === "applied" ? "applied" : "started"),
};

const RUNNING: Record<ChangePhase["phase"], string> = { plan: "Planning for", review: "Waiting for approval for", apply: "Applying for" };

/** Plan, review and apply with start, end and duration; a running phase counts up, it has no end yet. */
export function PhaseTimeline({ phases }: { phases: ChangePhase[] }) {
  return (
    <div className="card" aria-label="Run phases">
      <div className="card-head"><h2>Run</h2></div>
      <ol className="phases">
        {phases.map((p) => (
          <li key={p.phase} data-testid={`phase-${p.phase}`} data-status={p.status}>
            <div className="row" style={{ gap: 6 }}>
              <strong>{TITLES[p.phase]}</strong>
              <StatusBadge status={p.status === "done" ? (p.outcome ?? "done") : p.status} />
            </div>
            <div data-testid={`phase-${p.phase}-duration`}>
              {p.status === "running" && p.startedAt ? <>{p.phase === "review" && p.outcome === "approved" ? "Approved, waiting for an apply for" : RUNNING[p.phase]} <Elapsed since={p.startedAt} initialMs={p.durationMs ?? 0} /></> : headline(p)}
              {p.by.length > 0 && <span className="muted"> · {WHO[p.phase](p)} by {p.by.join(", ")}</span>}
            </div>
            <div className="muted small mono">
              {p.startedAt ? formatUtc(p.startedAt) : "—"} → {p.endedAt ? formatUtc(p.endedAt) : p.status === "running" ? "running" : "—"}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
