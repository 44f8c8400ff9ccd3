import Link from "next/link";
import { getSloSeries } from "@/lib/slos/queries";
import { BurndownChart } from "@/components/charts/burndown-chart";
import { SliChart, type ChartMarker } from "@/components/charts/sli-chart";
import { formatUtc } from "@/lib/format";

const RANGES = [
  { value: "6h", label: "6 h" },
  { value: "1d", label: "1 d" },
  { value: "7d", label: "7 d" },
  { value: "", label: "window" },
];

const pct = (x: number | null) => (x === null ? null : Math.round(x * 100_000) / 1000);

const minutes = (sec: number) => (sec % 3600 === 0 ? `${sec / 3600} h` : `${Math.round(sec / 60)} min`);

/** One wording for legend and caption: how often a point is drawn and what each point averages. */
function sliWording(stepSec: number, rateWindowSec: number): string {
  return rateWindowSec === stepSec
    ? `one point every ${minutes(stepSec)}, each the SLI over the ${minutes(rateWindowSec)} before it`
    : `one point every ${minutes(stepSec)}, each the SLI over the ${minutes(rateWindowSec)} before it (points overlap)`;
}

/** Both charts on one time axis with the service's deployments in this region as markers. */
export async function SloCharts({ id, range, rangeMs }: { id: string; range: string; rangeMs: number | null }) {
  let series;
  try {
    series = await getSloSeries(id, rangeMs, Date.now(), { page: true });
  } catch (error) {
    return <div className="alert warn" role="alert">The SLI source could not be read for the charts: {(error as Error).message}</div>;
  }
  // Role changes of this SLO's region are drawn with the deployments: traffic (and so the SLI) follows them.
  const markers: ChartMarker[] = [
    ...series.deployments.map((d) => ({ t: Date.parse(d.at), label: d.version })),
    ...series.roles.slice(1).map((r) => ({ t: Date.parse(r.from), label: r.role ?? "not here" })),
  ];
  const { start, end } = series;
  return (
    <section className="card" aria-labelledby="slo-charts-h">
      <div className="card-head">
        <h2 id="slo-charts-h" style={{ margin: 0 }}>Over time</h2>
        <nav className="row small" aria-label="Chart range">
          {RANGES.map((r) => (
            <Link key={r.label} href={r.value ? `/slos/${id}?range=${r.value}` : `/slos/${id}`} aria-current={r.value === range ? "page" : undefined} className={`btn${r.value === range ? " primary" : ""}`}>{r.label}</Link>
          ))}
        </nav>
      </div>
      <p className="muted small">
        {formatUtc(new Date(start).toISOString())} → {formatUtc(new Date(end).toISOString())}: {sliWording(series.stepSec, series.rateWindowSec)}; the last point is the
        numbers above. Deployments in this region are drawn as vertical lines.
      </p>
      <div className="grid cols-2">
        <div>
          <h3>Error budget burndown</h3>
          <BurndownChart start={start} end={end} markers={markers} series={[{ name: "budget left", color: "var(--accent)", points: series.points.map((p) => ({ t: p.t, v: pct(p.budgetRemaining) })) }]} />
        </div>
        <div>
          <h3>SLI</h3>
          <SliChart
            start={start}
            end={end}
            markers={markers}
            objective={series.objective}
            series={[
              { name: `SLI over ${minutes(series.rateWindowSec)}`, color: "var(--accent)", points: series.points.map((p) => ({ t: p.t, v: pct(p.sli) })) },
              { name: "SLI over window", color: "var(--muted)", points: series.points.map((p) => ({ t: p.t, v: pct(p.windowSli) })) },
            ]}
          />
        </div>
      </div>
      <div className="small" data-testid="deployments-in-range">
        {series.deployments.length === 0 ? (
          <span className="muted">No deployments of this service in this region in the range.</span>
        ) : (
          <>Deployments: {series.deployments.map((d, i) => <span key={`${d.at}-${d.version}`}>{i > 0 && " · "}<span className="mono">{d.previousVersion ?? "?"} → {d.version}</span> at {formatUtc(d.at)}</span>)}</>
        )}
      </div>
      {series.roles.length > 1 && (
        <div className="small" data-testid="roles-in-range">
          Role of this region for the service: {series.roles.map((r, i) => <span key={r.from}>{i > 0 && " · "}<strong>{r.role ?? "not here"}</strong> {i === 0 ? "until" : "from"} {formatUtc(i === 0 ? (r.to ?? r.from) : r.from)}</span>)}
        </div>
      )}
      {series.notes.length > 0 && <ul className="small muted">{series.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </section>
  );
}
