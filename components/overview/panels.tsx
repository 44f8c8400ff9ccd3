import Link from "next/link";
import { formatDuration } from "@/lib/config/duration";
import { formatUtc } from "@/lib/format";
import { listOpenFailovers, summarizeSources } from "@/lib/overview/queries";
import { readBurningSlos, readReadinessSummary, readRecentTimeline, readRegionTiles } from "@/lib/read-models/queries";
import { LazyTimelineChart } from "@/components/charts/lazy-timeline-chart";
import type { TimelineMarker } from "@/components/charts/timeline-chart";
import { burnColumns, burnSeriesLabels, chartMarkers, hourTicks } from "@/lib/timeline/chart";
import { RunStateBadge } from "@/components/failovers/run-state-badge";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { TimeAgo } from "@/components/ui/time-ago";
import { colorOf, withoutRepeatedState } from "@/components/ui/tone";

// The overview's panels: async Server Components, each streamed in its own <Suspense> by the page.

export async function RegionHealthPanel() {
  const tiles = await readRegionTiles();
  return (
    <section aria-labelledby="regions-h">
      <h2 id="regions-h">Regions</h2>
      <div className="grid cols-3">
        {tiles.map((r) => {
          const word = r.health;
          // Word, border and colour come from the one vocabulary: the word decides the colour (unreachable is red, like down).
          return (
            <Link key={r.id} href={`/regions/${r.id}`} className="card region-tile" style={{ color: "inherit", borderLeft: `6px solid ${colorOf(word)}` }} data-testid={`region-tile-${r.id}`} aria-label={`${r.id}: ${word}`}>
              <div className="muted">{r.id} · {r.name}</div>
              <div className="region-word" style={{ color: colorOf(word) }} data-testid="region-state">{word}</div>
              {r.healthWhy && <div className="small" data-testid="region-why">{r.healthWhy}</div>}
              <div className="small">{r.services.active} active · {r.services.dormant} dormant · {r.nodes} nodes</div>
              {r.unreachableSince !== null || r.stale ? (
                <div className="small" style={{ color: "var(--bad)", marginTop: 4 }}>
                  {r.failingSources > 0 ? `${r.failingSources} source${r.failingSources === 1 ? "" : "s"} not answering` : "data is old"}; <NoDataSince iso={r.unreachableSince} />; showing last-known data
                  {r.error && <div className="muted">{r.error}</div>}
                </div>
              ) : (
                <DataAge iso={r.dataAsOf} />
              )}
            </Link>
          );
        })}
      </div>
    </section>
  );
}

export async function BurningSlosPanel() {
  const { burning, dark, total, fetchedAt } = await readBurningSlos();
  return (
    <section className="card" aria-labelledby="burning-h" data-testid="burning-slos">
      <div className="card-head"><h2 id="burning-h">SLOs burning now</h2><span className="small muted">{total} SLOs · <DataAge iso={fetchedAt} label="oldest data as of" /></span></div>
      {dark.map((d) => (
        <div key={d.region} className="alert bad small" style={{ marginBottom: 8 }} data-testid={`dark-slos-${d.region}`}>
          <strong>{d.count} SLO{d.count === 1 ? "" : "s"} in {d.region}</strong> cannot be judged: <NoDataSince iso={d.since} />. Their state is no-data, never ok; budgets are frozen. <Link href={`/slos?region=${d.region}`}>see them</Link>
        </div>
      ))}
      {burning.length === 0 ? (
        <p style={{ fontSize: "1.3rem" }}><Badge tone="ok">none</Badge> No burn-rate alert fires{dark.length > 0 ? " among the SLOs with data" : ""}.</p>
      ) : (
        <table className="table stack">
          <thead><tr><th>SLO</th><th>Region</th><th>Alert</th><th style={{ textAlign: "right" }}>1 h burn</th><th style={{ textAlign: "right" }}>Budget left</th></tr></thead>
          <tbody>
            {burning.slice(0, 10).map((s) => (
              <tr key={s.slo}>
                <td data-label="SLO"><div><Link href={`/slos/${s.slo}`}>{s.name}</Link><div className="id">{s.service}</div></div></td>
                <td data-label="Region"><div>{s.region}</div></td>
                <td data-label="Alert"><div><StatusBadge status={s.state} /></div></td>
                <td data-label="1 h burn" style={{ textAlign: "right", fontSize: "1.2rem", fontWeight: 600 }}><div>{s.burn1h === null ? "—" : `${s.burn1h.toFixed(1)}×`}</div></td>
                <td data-label="Budget left" style={{ textAlign: "right" }}><div>{s.remaining === null ? "—" : `${Math.round(s.remaining * 100)} %`}{s.exhaustionInMs !== null && s.exhaustionInMs > 0 && <div className="small muted">gone in {formatDuration(s.exhaustionInMs)}</div>}<div><DataAge iso={s.dataAsOf} /></div></div></td>
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
  const [{ rows, runbooks, total, counts }, open] = await Promise.all([readReadinessSummary(), listOpenFailovers()]);
  return (
    <section className="card" aria-labelledby="readiness-h" data-testid="overview-readiness">
      <div className="card-head"><h2 id="readiness-h">Failover readiness</h2><Link className="small" href="/replication">details</Link></div>
      {open.length > 0 && (
        <div className="alert warn small" data-testid="open-failovers">
          {open.map((r) => <div key={r.id}><Link href={`/failovers/${r.id}`}>{r.mode === "drill" ? "Drill" : "Failover"} #{r.number}</Link> <span className="mono">{r.service}</span> <span className="route">{r.from} → {r.to}</span> <RunStateBadge state={r.state} /></div>)}
        </div>
      )}
      {rows.length === 0 ? <p className="muted">No protected services (none has a dormant region).</p> : (
        <table className="table stack">
          <thead><tr><th>Service</th><th>Active → dormant</th><th>Verdict</th><th>Why</th><th></th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.service}-${r.to}`} data-testid={`overview-readiness-${r.service}`}>
                <td data-label="Service"><div>{r.serviceName}<div className="id">{r.service}</div></div></td>
                <td data-label="Active → dormant"><div className="route">{r.from} → {r.to}</div></td>
                <td data-label="Verdict" style={{ fontSize: "1.1rem" }}><div><RunStateBadge state={r.verdict} /><div><DataAge iso={r.dataAsOf ?? r.evaluatedAt} /></div></div></td>
                <td data-label="Why" className="small"><div>{withoutRepeatedState(r.reasons.slice(0, 2).map((x) => x.message).join("; ")) || <span className="muted">all checks pass</span>}</div></td>
                <td data-label="" className="small"><div>{runbooks.includes(r.service) && <Link href={`/failovers/new?${new URLSearchParams({ service: r.service, to: r.to })}`}>fail over…</Link>}</div></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > rows.length && (
        <p className="small" data-testid="overview-readiness-more">
          <Link href="/replication">{(total - rows.length).toLocaleString("en-US")} more pairs</Link> on /replication ·{" "}
          {(["not-ready", "unknown", "at-risk", "ready"] as const).filter((v) => counts[v] > 0).map((v) => `${counts[v].toLocaleString("en-US")} ${v}`).join(", ")} in all
        </p>
      )}
    </section>
  );
}

const SERIES_COLORS = ["var(--bad)", "var(--warn)", "var(--accent)"];

export async function TimelinePanel() {
  const timeline = await readRecentTimeline();
  const [start, end] = [Date.parse(timeline.from), Date.parse(timeline.to)];
  const markers: TimelineMarker[] = chartMarkers(timeline.events, start, end);
  const labels = burnSeriesLabels(timeline.burn);
  const burn = burnColumns(timeline.burn);
  const notable = timeline.events.filter((e) => e.kind !== "deployment");
  const deployments = timeline.events.filter((e) => e.kind === "deployment");
  // The heading counts what the list shows; the rest are one link away.
  const shownDeployments = deployments.slice(0, 8);
  return (
    <section className="card" aria-labelledby="timeline-h" data-testid="timeline">
      <div className="card-head"><h2 id="timeline-h">What changed in the last 24 h</h2><span className="small muted">{timeline.events.length} events · against the burn of the {timeline.burn.length} SLOs burning most</span></div>
      {timeline.errors.length > 0 && <div className="alert warn small">Partly shown: {timeline.errors.map((e) => `${e.source}: ${e.message}`).join("; ")}</div>}
      <LazyTimelineChart start={start} end={end} ticks={hourTicks(start, end)} markers={markers} times={burn.times} series={timeline.burn.map((_, i) => ({ name: labels[i], color: SERIES_COLORS[i % SERIES_COLORS.length], values: burn.values[i] }))} />
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
          <h3 className="small">Deployments ({shownDeployments.length === deployments.length ? deployments.length : `latest ${shownDeployments.length} of ${deployments.length}`})</h3>
          {deployments.length === 0 ? <p className="muted small">None in the last 24 h.</p> : (
            <ul className="small" data-testid="timeline-deployments">
              {shownDeployments.map((e, i) => <li key={`${e.at}-${i}`}>{e.href ? <Link href={e.href}>{e.title}</Link> : e.title} <span className="muted"><TimeAgo iso={e.at} /></span></li>)}
            </ul>
          )}
          {deployments.length > shownDeployments.length && <p className="small"><Link href="/deployments">{deployments.length - shownDeployments.length} more: all versions</Link></p>}
        </div>
      </div>
    </section>
  );
}

export async function SourcesPanel() {
  const { shown, total, stale } = await summarizeSources();
  return (
    <section className="card" aria-labelledby="sources-h" data-testid="source-staleness">
      <div className="card-head"><h2 id="sources-h">Sources</h2>{stale === 0 ? <Badge tone="ok">{`all ${total} fresh`}</Badge> : <Badge tone="warn">{`${stale} stale of ${total}`}</Badge>}</div>
      {total === 0 ? <p className="muted">Nothing collected yet.</p> : (
        <table className="table small stack">
          <caption className="small muted" style={{ textAlign: "left" }}>{stale > 0 ? "Stale first, then the longest since a success" : "The longest since a success"}</caption>
          <thead><tr><th>Source / domain / key</th><th>Last success</th><th>State</th></tr></thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.name}>
                <td data-label="Source" className="mono"><div style={{ overflowWrap: "anywhere" }}>{s.name}</div></td>
                <td data-label="Last success"><div><TimeAgo iso={s.lastSuccessAt} /></div></td>
                <td data-label="State"><div>{s.stale ? <><StatusBadge status="stale" />{s.consecutiveFailures > 0 && <span className="muted"> {s.consecutiveFailures} failures{s.lastError ? `: ${s.lastError}` : ""}</span>}</> : <StatusBadge status="fresh" />}</div></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="small"><Link href="/settings">{total > shown.length ? `All ${total} sources on Settings` : "Sources on Settings"}</Link></p>
    </section>
  );
}
