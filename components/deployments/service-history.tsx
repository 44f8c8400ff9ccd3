import type { ServiceHistoryDto } from "@/lib/deployments/queries";
import { formatUtc } from "@/lib/format";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

/** One card per region: the version it runs now, its drift from the reference and where it came from. */
export function HistoryRegionCards({ history }: { history: ServiceHistoryDto }) {
  return (
    <div className="grid cols-4 gap-below">
      {history.regions.map((r) => (
        <div key={r.region} className={`card${r.current?.drift ? " drift" : ""}`} data-testid={`history-region-${r.region}`}>
          <div className="card-head">
            <h2 className="flush">{r.region}</h2>
            {r.role && <StatusBadge status={r.role} />}
          </div>
          <div className="mono">{r.current?.version ?? "not running"}</div>
          {r.isReference && <div className="small muted">reference (the region others are compared with)</div>}
          {r.current?.drift && (
            <div className="small text-warn strong" data-testid="drift-began">
              drift{r.current.lag?.direction === "behind" && r.current.lag.releases !== null ? `: behind by ${r.current.lag.releases} release${r.current.lag.releases === 1 ? "" : "s"}` : ""}
              {r.driftSince ? <> · drift began {formatUtc(r.driftSince)} (<TimeAgo iso={r.driftSince} />)</> : " · began before the collected history"}
            </div>
          )}
          {r.current?.deployedAt && <div className="small muted">deployed <TimeAgo iso={r.current.deployedAt} /></div>}
          {r.current?.version && (
            <dl className="kv small" data-testid={`provenance-${r.region}`}>
              <dt>Rollout</dt><dd>{r.current.rollout ? <StatusBadge status={r.current.rollout} /> : "—"} {r.current.readyReplicas}/{r.current.desiredReplicas} ready</dd>
              <dt>Deployer</dt><dd>{r.current.deployer ?? "—"}</dd>
              <dt>Commit</dt><dd className="mono">{r.current.commit ?? "—"}</dd>
              <dt>Helm release</dt><dd className="mono">{r.current.release ?? "—"}</dd>
            </dl>
          )}
        </div>
      ))}
    </div>
  );
}

/** Every deployment in the window, newest first, across regions. */
export function HistoryEventsTable({ history }: { history: ServiceHistoryDto }) {
  const events = history.regions.flatMap((r) => r.events).sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="card table-wrap">
      <h2>Deployments</h2>
      <table className="table" data-testid="history-events">
        <thead><tr><th>Time (UTC)</th><th>Region</th><th>Version</th><th>Previous</th><th>Deployed by</th><th>Commit</th></tr></thead>
        <tbody>
          {events.length === 0 && <tr><td colSpan={6} className="muted">No deployments recorded in this window.</td></tr>}
          {events.map((e) => (
            <tr key={`${e.region}-${e.at}-${e.version}`}>
              <td className="mono small">{formatUtc(e.at)}</td>
              <td>{e.region}{history.referenceRegion === e.region && <> <Badge tone="info">reference</Badge></>}</td>
              <td className="mono">{e.version}</td>
              <td className="mono muted">{e.previousVersion ?? "—"}</td>
              {/* "—": the source did not say (no annotation, or recorded before it was kept). */}
              <td data-testid="event-deployer">{e.deployer ?? "—"}</td>
              <td className="mono" data-testid="event-commit">{e.commit ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
