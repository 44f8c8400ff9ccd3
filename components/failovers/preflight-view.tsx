import type { Preflight } from "@/lib/failovers/preflight";
import { formatUtc } from "@/lib/format";
import { formatSeconds } from "@/components/replication/format-lag";
import { Badge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { withoutRepeatedState } from "@/components/ui/tone";
import { RunStateBadge } from "./run-state-badge";

/** The runbook's expected data loss: the current lag with its age, or unknown since when, never a made-up 0. */
function ExpectedLoss({ preflight }: { preflight: Preflight }) {
  const loss = preflight.expectedDataLoss;
  // Runs requested before the figure carried its age.
  if (!loss) return <>{preflight.expectedDataLossSec === null ? "unknown (lag not known)" : `${preflight.expectedDataLossSec} s (current lag)`}</>;
  if (loss.seconds === null) {
    return (
      <>
        unknown ({loss.asOf ? `no data since ${formatUtc(loss.asOf)}` : "no lag data"})
        {loss.lastKnownSec !== null && <span className="muted"> · at least {formatSeconds(loss.lastKnownSec)} when last seen</span>}
      </>
    );
  }
  if (loss.links.length === 0) return <>{formatSeconds(loss.seconds)} <span className="muted">(nothing it moves replicates state)</span></>;
  return (
    <>
      {formatSeconds(loss.seconds)} <span className="muted">(current lag of {loss.links.join(", ")})</span> <DataAge iso={loss.asOf} label="sampled" />
    </>
  );
}

/** The preflight as requesters and approvers see it: verdict and reasons, expected loss, versions, steps. */
export function PreflightView({ preflight, heading = "Preflight" }: { preflight: Preflight; heading?: string }) {
  const r = preflight.readiness;
  return (
    <section className="card" aria-label={heading} data-testid="preflight">
      <div className="card-head">
        <h2>{heading}</h2>
        <span data-testid="preflight-verdict">{r ? <RunStateBadge state={r.verdict} /> : <Badge>no verdict</Badge>}</span>
      </div>
      {preflight.drill && (
        <p className={`alert small ${preflight.drill.kind === "target" ? "ok" : "warn"}`} data-testid="preflight-drill">
          <Badge tone={preflight.drill.kind === "target" ? "ok" : "warn"}>{preflight.drill.kind === "target" ? `drill target: ${preflight.drill.target}` : preflight.drill.failbackOf ? `fail-back of drill #${preflight.drill.failbackOf.number}` : "round trip in production"}</Badge> {preflight.drill.summary}
        </p>
      )}
      <div className="kv small">
        <div>Route</div><div className="route">{preflight.from} → {preflight.to}{preflight.drill?.failback && <> → {preflight.drill.failback.to} <span className="muted">(fail-back)</span></>}</div>
        <div>Expected data loss</div><div data-testid="preflight-loss"><ExpectedLoss preflight={preflight} /></div>
        <div>Path</div><div data-testid="preflight-path">{preflight.path === "data-loss" ? <Badge tone="bad">data-loss: {preflight.from} is unreachable</Badge> : <Badge tone="ok">planned: no data loss</Badge>}</div>
        <div>Targets</div><div>RTO {preflight.targets.rtoMs / 1000} s · RPO {preflight.targets.rpoMs / 1000} s</div>
        <div>Runbook</div><div>{preflight.runbookName} <span className="mono muted" title={preflight.runbookVersion}>v{preflight.runbookVersion.slice(0, 12)}</span></div>
        {r && <><div>Evaluated</div><div>{formatUtc(r.evaluatedAt)}</div></>}
      </div>
      {r && r.reasons.length > 0 && (
        <ul className="small" data-testid="preflight-reasons">
          {r.reasons.map((x) => <li key={x.check + x.message}><RunStateBadge state={x.verdict} /> <strong>{x.check}</strong>: {withoutRepeatedState(x.message)}</li>)}
        </ul>
      )}
      <h3 className="small">Versions</h3>
      <table className="table small">
        <thead><tr><th>Service</th><th>{preflight.from} (active)</th><th>{preflight.to} (target)</th></tr></thead>
        <tbody>
          {preflight.versions.map((v) => (
            <tr key={v.service}><td className="mono">{v.service}</td><td className="mono">{v.active ?? "unknown"}</td><td className="mono">{v.target ?? "unknown"}{v.active && v.target && v.active !== v.target && <> <Badge tone="warn">differs</Badge></>}</td></tr>
          ))}
        </tbody>
      </table>
      <h3 className="small">Steps to run</h3>
      <ol className="small" data-testid="preflight-steps">
        {preflight.steps.map((s) => (
          <li key={s.index}><strong>{s.name}</strong> <span className="muted">({s.type})</span> — {s.detail}{s.skippedOnPath && <div className="muted">skipped on this path: {s.skippedOnPath}</div>}</li>
        ))}
      </ol>
    </section>
  );
}
