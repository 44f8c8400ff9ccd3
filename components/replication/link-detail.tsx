import Link from "next/link";
import type { LagChartThreshold } from "@/lib/replication/lag-chart";
import type { LinkDetail } from "@/lib/replication/queries";
import { LAG_RANGE_STEPS, LAG_RANGES, type LagRange } from "@/lib/replication/types";
import { formatUtc } from "@/lib/format";
import { LagChart, type LagThreshold } from "@/components/charts/lag-chart";
import { StatusBadge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { withoutRepeatedState } from "@/components/ui/tone";
import { formatNaturalLag, formatSeconds } from "./format-lag";

const THRESHOLD_COLOR: Record<LagChartThreshold["kind"], string> = { warning: "var(--warn)", breach: "var(--bad)", rpo: "var(--bad)" };

/** A link now: direction, state, lag against its RPO and thresholds, its source and when it was sampled. */
export function LinkNow({ d }: { d: LinkDetail }) {
  const l = d.link;
  return (
    <section className="card" aria-labelledby="now-h">
      <h2 id="now-h">Now</h2>
      <dl className="kv">
        {d.directions.length > 1 && (
          <>
            <dt>Direction</dt>
            <dd data-testid="link-directions">{d.directions.map((x) => `${x.from} → ${x.to} ${x.until ? `until ${formatUtc(x.until)}` : "since"} ${x.until ? "" : formatUtc(x.since)}`.trim()).join("; ")}</dd>
          </>
        )}
        <dt>State</dt>
        <dd data-testid="link-state"><StatusBadge status={l.state} /> <span className="small">{withoutRepeatedState(l.reason, l.state)}</span></dd>
        <dt>Lag</dt>
        <dd data-testid="link-lag">{formatNaturalLag(l)}{l.unit !== "seconds" && l.lagSeconds !== null ? ` ≈ ${formatSeconds(l.lagSeconds)}` : ""} {l.state === "unknown" && l.lag !== null && <span className="small muted">(last-known)</span>}</dd>
        <dt>RPO target</dt>
        <dd>{formatSeconds(l.rpoSeconds)}</dd>
        <dt>Warning / breach</dt>
        <dd>{formatNaturalLag({ unit: l.unit, lag: l.warning })} / {formatNaturalLag({ unit: l.unit, lag: l.breach })}</dd>
        <dt>Source</dt>
        <dd>{l.source ?? "none"}{l.sourceKind ? ` (${l.sourceKind})` : ""}{l.note ? <div className="muted small">{l.note}</div> : null}</dd>
        <dt>Sampled</dt>
        <dd>{l.state === "unknown" ? <NoDataSince iso={l.noSamplesSince} /> : <DataAge iso={l.sampledAt} label="" />}</dd>
      </dl>
    </section>
  );
}

/** The link's lag over the chosen range, with its thresholds drawn. */
export function LinkLagSection({ d, range, end }: { d: LinkDetail; range: LagRange; end: number }) {
  const l = d.link;
  const chart = d.chart;
  const thresholds: LagThreshold[] = chart.thresholds.map((t) => ({ y: t.y, label: t.label, color: THRESHOLD_COLOR[t.kind] }));
  return (
    <section className="card" aria-labelledby="chart-h">
      <div className="row spread">
        <h2 id="chart-h">Lag over {range}</h2>
        <nav className="row" aria-label="Range">
          {LAG_RANGES.map((r) => (
            <Link key={r} href={`/replication/${l.linkId}?range=${r}`} className={`btn${r === range ? " primary" : ""}`} aria-current={r === range ? "page" : undefined}>
              {r}
            </Link>
          ))}
        </nav>
      </div>
      {d.seriesError && (
        <div className="alert warn" role="status">
          The source did not answer for this range ({d.seriesError}). Showing the samples the collector kept.
        </div>
      )}
      {chart.unit !== " s" && <p className="muted small">{l.unit === "bytes" ? "Bytes" : "These blocks"} have no time equivalent: the chart shows the warning and breach thresholds instead of the RPO.</p>}
      {chart.values.length === 0 ? (
        <p className="empty muted">No lag samples in this range.</p>
      ) : (
        <LagChart series={{ name: chart.name, color: "var(--accent)", points: chart.values }} thresholds={thresholds} start={end - LAG_RANGE_STEPS[range].durationMs} end={end} unit={chart.unit} />
      )}
    </section>
  );
}
