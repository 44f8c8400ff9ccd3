import type { ChangeDetail } from "@/lib/changes/queries";
import { formatUtc } from "@/lib/format";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { blockerTone, countTone } from "@/components/ui/tone";

/** The change at a glance: state, terraform's plan line, the counts and the plan file it binds to. */
export function ChangeTiles({ c }: { c: ChangeDetail }) {
  const s = c.summary;
  return (
    <div className="grid cols-4 tiles gap-below">
      <div className="card"><div className="muted small">State</div><StatusBadge status={c.state} /></div>
      <div className="card"><div className="muted small">terraform</div><div className="mono" data-testid="plan-line">{s.planLine ?? "No resource changes (outputs only)."}</div></div>
      <div className="card">
        <div className="muted small">Counts</div>
        <div data-testid="plan-counts" className="row tight">
          {/* Zeros stay grey: only a count above zero carries its colour. */}
          <Badge tone={countTone(s.counts.add, "ok")}>+{s.counts.add} add</Badge>
          <Badge tone={countTone(s.counts.change, "warn")}>~{s.counts.change} change</Badge>
          <Badge tone={countTone(s.counts.destroy, "bad")}>−{s.counts.destroy} destroy</Badge>
          {s.counts.replace > 0 && <Badge tone="bad">{s.counts.replace} replace</Badge>}
          {s.counts.import > 0 && <Badge tone="info">{s.counts.import} import</Badge>}
        </div>
        {s.counts.replace > 0 && <div className="muted small">each replacement counts as one add and one destroy, as terraform counts it</div>}
      </div>
      <div className="card"><div className="muted small">Plan file SHA-256 (revision {c.planRevision})</div><div className="mono small break-all">{c.planSha256}</div></div>
    </div>
  );
}

/** What the policy says of this plan now, or that the review is closed. */
export function PolicyCard({ c }: { c: ChangeDetail }) {
  // Applying or finished: the policy no longer gates anything, so it shows the state, not "blocked".
  const settled = c.terminal || c.state === "applying";
  // Waiting for approvals is the normal path; only a rule that needs someone to act is "blocked".
  const hardBlock = c.policy.blockers.some((b) => blockerTone(b.rule) === "bad");
  return (
    <div className="card" aria-label="Policy" data-testid="policy">
      <div className="card-head"><h2>Policy</h2>{settled ? <StatusBadge status={c.state} /> : c.policy.canApply ? <Badge tone="ok">passes</Badge> : hardBlock ? <Badge tone="bad">blocked</Badge> : <Badge tone="info">waiting</Badge>}</div>
      {settled && (
        <p className="small" data-testid="policy-end">
          {c.state === "applied" ? <>Applied{c.appliedBy ? <> by <strong>{c.appliedBy}</strong></> : ""}{c.finishedAt ? ` ${formatUtc(c.finishedAt)}` : ""}: the review is closed.</> : c.state === "applying" ? "The apply is running: the review is closed." : <>This change is {c.state}: the review is closed; a new plan starts a new one.</>}
        </p>
      )}
      <p className="small">{c.policy.counted} of {c.policy.required} approval{c.policy.required === 1 ? "" : "s"} from {c.policy.approverRoles.join(" or ")}; approvals expire after {Math.round(c.policy.approvalTtlMs / 3_600_000)} h; the requester never approves.</p>
      {settled ? null : c.policy.blockers.length === 0 ? <p className="alert ok small">Nothing blocks this plan.</p> : (
        <ul className="small" data-testid="blockers">
          {c.policy.blockers.map((b) => (
            <li key={b.rule + b.message}><Badge tone={blockerTone(b.rule)}>{b.rule}</Badge> {b.message} <span className="muted">To unblock: {b.unblock}</span></li>
          ))}
        </ul>
      )}
      {c.policy.sloGateOverridden && c.override && <p className="alert warn small">SLO gate overridden by {c.override.by}: “{c.override.reason}”</p>}
      {c.sloGate.unknown.length > 0 && <p className="muted small">SLOs without data (not blocking): {c.sloGate.unknown.join(", ")}</p>}
    </div>
  );
}
