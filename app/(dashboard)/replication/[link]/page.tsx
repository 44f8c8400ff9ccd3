import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";
import { getLinkDetail, type LinkDetail } from "@/lib/replication/queries";
import { linkParams, linkSeriesQuery } from "@/lib/replication/schemas";
import { LAG_RANGE_STEPS, LAG_RANGES } from "@/lib/replication/types";
import { LagChart, type LagThreshold } from "@/components/charts/lag-chart";
import { formatNaturalLag, formatSeconds } from "@/components/replication/format-lag";
import { StatusBadge } from "@/components/ui/badge";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { withoutRepeatedState } from "@/components/ui/tone";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { formatUtc } from "@/lib/format";

export const metadata: Metadata = { title: "Replication link" };
export const dynamic = "force-dynamic";

const MIB = 1_048_576;

type Props = { params: Promise<{ link: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Seconds-measurable links are charted as time with the RPO line; bytes links in bytes with their thresholds. */
function chartOf(d: LinkDetail): { unit: string; values: Array<{ t: number; v: number | null }>; thresholds: LagThreshold[] } {
  const l = d.link;
  if (l.unit === "bytes") {
    return {
      unit: " MiB",
      values: d.points.map((p) => ({ t: p.t, v: p.lag / MIB })),
      thresholds: [
        { y: l.warning / MIB, label: `warning ${formatNaturalLag({ unit: "bytes", lag: l.warning })}`, color: "var(--warn)" },
        { y: l.breach / MIB, label: `breach ${formatNaturalLag({ unit: "bytes", lag: l.breach })}`, color: "var(--bad)" },
      ],
    };
  }
  return {
    unit: " s",
    values: d.points.map((p) => ({ t: p.t, v: p.lagSeconds })),
    thresholds: [{ y: l.rpoSeconds, label: `RPO ${formatSeconds(l.rpoSeconds)}`, color: "var(--bad)" }],
  };
}

export default async function LinkPage({ params, searchParams }: Props) {
  const raw = await params;
  await requirePage("dashboard.read", `/replication/${raw.link}`);
  const p = linkParams.safeParse(raw);
  if (!p.success) notFound();
  const sp = await searchParams;
  const q = linkSeriesQuery.safeParse({ range: typeof sp.range === "string" ? sp.range : undefined });
  const range = q.success ? q.data.range : "1h";
  const d = await getLinkDetail(p.data.link, range);
  if (!d) notFound();
  const l = d.link;
  const chart = chartOf(d);
  const end = Date.now();
  return (
    <>
      <PageHeader
        title={l.name}
        subtitle={<>configured as <span className="mono">{l.linkId}</span> · {l.engine} · <Link href="/replication">all links</Link></>}
      />
      <FreshnessNotice freshness={d.freshness} />
      <div className="grid">
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
            <dd>{formatNaturalLag(l)}{l.unit !== "seconds" && l.lagSeconds !== null ? ` ≈ ${formatSeconds(l.lagSeconds)}` : ""} {l.state === "unknown" && l.lag !== null && <span className="small muted">(last-known)</span>}</dd>
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
        <section className="card" aria-labelledby="chart-h">
          <div className="row" style={{ justifyContent: "space-between" }}>
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
          {l.unit === "bytes" && <p className="muted small">Bytes have no time equivalent: the chart shows the warning and breach thresholds instead of the RPO.</p>}
          {chart.values.length === 0 ? (
            <p className="empty muted">No lag samples in this range.</p>
          ) : (
            <LagChart series={{ name: l.unit === "bytes" ? "lag (MiB)" : "lag (seconds)", color: "var(--accent)", points: chart.values }} thresholds={chart.thresholds} start={end - LAG_RANGE_STEPS[range].durationMs} end={end} unit={chart.unit} />
          )}
        </section>
      </div>
    </>
  );
}
