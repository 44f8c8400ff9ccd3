import Link from "next/link";
import { formatDuration } from "@/lib/config/duration";
import { formatUtc } from "@/lib/format";
import { listBurningSlos, listOpenFailovers, listSourceStaleness, summarizeReadiness } from "@/lib/overview/queries";
import { readReadiness, readRecentTimeline, readRegionTiles } from "@/lib/read-models/queries";
import { LazyTimelineChart } from "@/components/charts/lazy-timeline-chart";
import type { TimelineMarker } from "@/components/charts/timeline-chart";
import { RunStateBadge } from "@/components/failovers/run-state-badge";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

// The overview's panels: async Server Components, each streamed in its own <Suspense> by the page.

const HEALTH_COLOR: Record<string, string> = { healthy: "var(--ok)", degraded: "var(--warn)", down: "var(--bad)", unknown: "var(--muted)" };

export async function RegionHealthPanel() {
  const tiles = await readRegionTiles();
  return (
    <section aria-labelledby="regions-h">
      <h2 id="regions-h">Regions</h2>
      <div className="grid cols-3">
        {tiles.map((r) => {
          const word = r.unreachableSince !== null && r.health !== "down" ? "unreachable" : r.health;
          return (
            <Link key={r.id} href={`/regions/${r.id}`} className="card" style={{ color: "inherit", borderLeft: `6px solid ${HEALTH_COLOR[r.health] ?? "var(--muted)"}` }} data-testid={`region-tile-${r.id}`} aria-label={`${r.id}: ${word}`}>
              <div className="muted">{r.id} · {r.name}</div>
              <div style={{ fontSize: "2.2rem", fontWeight: 700, lineHeight: 1.2, color: HEALTH_COLOR[r.health] ?? "inherit" }}>{word}</div>
              <div className="small">{r.services.active} active · {r.services.dormant} dormant · {r.nodes} nodes</div>
              {r.unreachableSince !== null || r.stale ? (
                <div className="small" style={{ color: "var(--warn)", marginTop: 4 }}>
                  {r.failingSources > 0 ? `${r.failingSources} source${r.failingSources === 1 ? "" : "s"} not answering` : "data is old"} since {r.unreachableSince ? <TimeAgo iso={r.unreachableSince} /> : "never"}; showing last-known data
                  {r.error && <div className="muted">{r.error}</div>}
                </div>
              ) : (
                <div className="small muted">fetched <TimeAgo iso={r.fetchedAt} /></div>
              )}
            </Link>
          );
        })}
      </div>
    </section>
  );
}

export async function BurningSlosPanel() {
  const { burning, total, fetchedAt } = await listBurningSlos();
  return (
    <section className="card" aria-labelledby="burning-h" data-testid="burning-slos">
      <div className="card-head"><h2 id="burning-h">SLOs burning now</h2><span className="small muted">{total} SLOs · computed <TimeAgo iso={fetchedAt} /></span></div>
      {burning.length === 0 ? (
        <p style={{ fontSize: "1.3rem" }}><Badge tone="ok">none</Badge> No burn-rate alert fires.</p>
      ) : (
        <table className="table">
          <thead><tr><th>SLO</th><th>Region</th><th>Alert</th><th style={{ textAlign: "right" }}>1 h burn</th><th style={{ textAlign: "right" }}>Budget left</th></tr></thead>
          <tbody>
            {burning.slice(0, 10).map((s) => (
              <tr key={s.slo}>
                <td><Link href={`/slos/${s.slo}`}>{s.name}</Link><div className="small muted mono">{s.service}</div></td>
                <td>{s.region}</td>
                <td><StatusBadge status={s.state} /></td>
                <td style={{ textAlign: "right", fontSize: "1.2rem", fontWeight: 600 }}>{s.burn1h === null ? "—" : `${s.burn1h.toFixed(1)}×`}</td>
                <td style={{ textAlign: "right" }}>{s.remaining === null ? "—" : `${Math.round(s.remaining * 100)} %`}{s.exhaustionInMs !== null && s.exhaustionInMs > 0 && <div className="small muted">gone in {formatDuration(s.exhaustionInMs)}</div>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {burning.length > 10 && <p className="small"><Link href="/slos">{burning.length - 10} more on /slos</Link></p>}
    </section>
  );
}

export async function ReadinessPanel() {
  const [{ readiness }, open] = await Promise.all([readReadiness(), listOpenFailovers()]);
  const { rows, runbooks } = summarizeReadiness(readiness);
  return (
    <section className="card" aria-labelledby="readiness-h" data-testid="overview-readiness">
      <div className="card-head"><h2 id="readiness-h">Failover readiness</h2><Link className="small" href="/replication">details</Link></div>
      {open.length > 0 && (
        <div className="alert warn small" data-testid="open-failovers">
          {open.map((r) => <div key={r.id}><Link href={`/failovers/${r.id}`}>{r.mode === "drill" ? "Drill" : "Failover"} #{r.number}</Link> {r.service} {r.from} → {r.to} <RunStateBadge state={r.state} /></div>)}
        </div>
      )}
      {rows.length === 0 ? <p className="muted">No protected services (none has a dormant region).</p> : (
        <table className="table">
          <thead><tr><th>Service</th><th>Active → dormant</th><th>Verdict</th><th>Why</th><th></th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.service}-${r.to}`} data-testid={`overview-readiness-${r.service}`}>
                <td className="mono">{r.service}</td>
                <td>{r.from} → {r.to}</td>
                <td style={{ fontSize: "1.1rem" }}><RunStateBadge state={r.verdict} /></td>
                <td className="small">{r.reasons.slice(0, 2).map((x) => x.message).join("; ") || <span className="muted">all checks pass</span>}</td>
                <td className="small">{runbooks.includes(r.service) && <Link href={`/failovers/new?${new URLSearchParams({ service: r.service, to: r.to })}`}>fail over…</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const SERIES_COLORS = ["var(--bad)", "var(--warn)", "var(--accent)"];

export async function TimelinePanel() {
  const timeline = await readRecentTimeline();
  const markers: TimelineMarker[] = timeline.events.map((e) => ({ t: Date.parse(e.at), label: e.title, kind: e.kind }));
  const notable = timeline.events.filter((e) => e.kind !== "deployment");
  const deployments = timeline.events.filter((e) => e.kind === "deployment");
  return (
    <section className="card" aria-labelledby="timeline-h" data-testid="timeline">
      <div className="card-head"><h2 id="timeline-h">What changed in the last 24 h</h2><span className="small muted">{timeline.events.length} events · against the burn of the {timeline.burn.length} SLOs burning most</span></div>
      {timeline.errors.length > 0 && <div className="alert warn small">Partly shown: {timeline.errors.map((e) => `${e.source}: ${e.message}`).join("; ")}</div>}
      <LazyTimelineChart start={Date.parse(timeline.from)} end={Date.parse(timeline.to)} markers={markers} series={timeline.burn.map((s, i) => ({ name: `${s.name} (${s.region})`, color: SERIES_COLORS[i % SERIES_COLORS.length], points: s.points.map((p) => ({ t: p.t, v: p.burn })) }))} />
      <div className="grid cols-2" style={{ marginTop: 8 }}>
        <div>
          <h3 className="small">Failovers, applies and scenario changes</h3>
          {notable.length === 0 ? <p className="muted small">None in the last 24 h.</p> : (
            <ul className="small" data-testid="timeline-events">
              {notable.slice(0, 15).map((e, i) => (
                <li key={`${e.at}-${i}`}><Badge tone={e.tone}>{e.kind}</Badge> {e.href ? <Link href={e.href}>{e.title}</Link> : e.title} <span className="muted" title={formatUtc(e.at)}><TimeAgo iso={e.at} /></span>{e.detail && <span className="muted"> — {e.detail}</span>}</li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="small">Deployments ({deployments.length})</h3>
          {deployments.length === 0 ? <p className="muted small">None in the last 24 h.</p> : (
            <ul className="small">
              {deployments.slice(0, 8).map((e, i) => <li key={`${e.at}-${i}`}>{e.href ? <Link href={e.href}>{e.title}</Link> : e.title} <span className="muted"><TimeAgo iso={e.at} /></span></li>)}
            </ul>
          )}
          {deployments.length > 8 && <p className="small"><Link href="/deployments">all versions</Link></p>}
        </div>
      </div>
    </section>
  );
}

export async function SourcesPanel() {
  const sources = await listSourceStaleness();
  const stale = sources.filter((s) => s.stale).length;
  return (
    <section className="card" aria-labelledby="sources-h" data-testid="source-staleness">
      <div className="card-head"><h2 id="sources-h">Sources</h2>{stale === 0 ? <Badge tone="ok">all fresh</Badge> : <Badge tone="warn">{stale} stale</Badge>}</div>
      {sources.length === 0 ? <p className="muted">Nothing collected yet.</p> : (
        <table className="table small">
          <thead><tr><th>Source / domain / key</th><th>Last success</th><th>State</th></tr></thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.name}>
                <td className="mono">{s.name}</td>
                <td><TimeAgo iso={s.lastSuccessAt} /></td>
                <td>{s.stale ? <><Badge tone="warn">stale</Badge>{s.consecutiveFailures > 0 && <span className="muted"> {s.consecutiveFailures} failures{s.lastError ? `: ${s.lastError}` : ""}</span>}</> : <Badge tone="ok">fresh</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="small"><Link href="/settings">Sources on Settings</Link></p>
    </section>
  );
}
