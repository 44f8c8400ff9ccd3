import { BarChart } from "@/components/charts/bar-chart";
import { CostTrendChart } from "@/components/charts/cost-trend-chart";
import { StackedAreaChart } from "@/components/charts/stacked-area-chart";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { AnomaliesTable } from "@/components/costs/anomalies-table";
import { CostFreshnessNote, CostPanelError } from "@/components/costs/cost-freshness";
import { costViewHref, type CostView } from "@/components/costs/cost-pickers";
import { CostTotalsTable } from "@/components/costs/cost-totals-table";
import { CsvLink } from "@/components/costs/csv-link";
import { ForecastTable } from "@/components/costs/forecast-table";
import { MoversTable } from "@/components/costs/movers-table";
import { RedundancyTable } from "@/components/costs/redundancy-table";
import type { CostReader } from "@/lib/costs/cost-reader";
import { formatMoney, formatMoneyDelta, formatShare } from "@/lib/costs/format";
import { monthName, plural, topWithOther } from "@/lib/costs/headlines";
import type { RedundancyView } from "@/lib/costs/queries";
import type { CostGroupBy } from "@/lib/costs/types";
import { loadAnomalies, loadBreakdown, loadForecast, loadMovers, loadRedundancy, loadSummary } from "@/lib/costs/page-reads";
import { toSeries, toStackedSeries } from "./series";

// The panels of /costs: async Server Components, each streamed in its own <Suspense>. A panel whose
// source fails with nothing cached shows the error in place; the rest of the page stands.

type PanelProps = { reader: CostReader; view: CostView };

const GROUP_LABEL: Record<CostGroupBy, string> = { region: "Region", service: "Service", team: "Team", system: "System" };
const apiQuery = (v: CostView, extra: Record<string, string> = {}) => new URLSearchParams({ ...v, ...extra }).toString();

async function attempt<T>(title: string, load: () => Promise<T>): Promise<{ ok: true; data: T } | { ok: false; node: React.ReactNode }> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    return { ok: false, node: <CostPanelError title={title} error={error} /> };
  }
}

export async function SummaryCards({ reader, view }: PanelProps) {
  const [summary, forecast, redundancy, anomalies] = await Promise.allSettled([
    loadSummary(reader, view.metric),
    loadForecast(reader, "daily", view.metric),
    loadRedundancy(reader, view.from, view.to, view.metric),
    loadAnomalies(reader),
  ]);
  const failed = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? <p className="alert bad small">{r.reason instanceof Error ? r.reason.message : String(r.reason)}</p> : null);
  return (
    <div className="grid cols-4" style={{ marginBottom: 14 }}>
      <section className="card" aria-labelledby="mtd-h" data-testid="mtd">
        <h2 id="mtd-h">Month to date</h2>
        {summary.status === "fulfilled" ? (
          <>
            <div className="stat" data-testid="mtd-amount">{formatMoney(summary.value.monthToDate.amountMicros, summary.value.unit)}</div>
            <p className="small" style={{ margin: "4px 0" }}>
              <span className={`badge ${summary.value.monthToDate.deltaMicros > 0 ? "warn" : "ok"}`}>
                {formatMoneyDelta(summary.value.monthToDate.deltaMicros, summary.value.unit)} ({formatShare(summary.value.monthToDate.deltaRatio, true)})
              </span>{" "}
              vs {formatMoney(summary.value.monthToDate.previous.amountMicros, summary.value.unit)} by the same day last month
            </p>
            <p className="muted small" style={{ margin: 0 }}>
              {summary.value.monthToDate.from} → {summary.value.monthToDate.to} against {summary.value.monthToDate.previous.from} → {summary.value.monthToDate.previous.to}
            </p>
            <p className="small" style={{ margin: "6px 0 0" }} data-testid="last-month">
              Last month ({monthName(summary.value.lastMonth.month)}, complete): <strong>{formatMoney(summary.value.lastMonth.amountMicros, summary.value.unit)}</strong>
            </p>
          </>
        ) : failed(summary)}
      </section>
      <section className="card" aria-labelledby="eom-h" data-testid="eom-forecast">
        <h2 id="eom-h">Forecast for the month</h2>
        {forecast.status === "fulfilled" ? (
          <>
            <div className="stat" data-testid="eom-amount">{formatMoney(forecast.value.endOfMonth.totalMicros, forecast.value.unit)}</div>
            <p className="small" style={{ margin: "4px 0" }}>
              {formatMoney(forecast.value.endOfMonth.actualMicros, forecast.value.unit)} so far + {formatMoney(forecast.value.endOfMonth.remainingMicros, forecast.value.unit)} over the {plural(forecast.value.endOfMonth.remainingDays, "day")} left
            </p>
            <p className="muted small" style={{ margin: 0 }}>{forecast.value.method === "cost-explorer" ? "Cost Explorer forecast" : "Trailing 28-day weekday average with trend"}</p>
          </>
        ) : failed(forecast)}
      </section>
      <section className="card" aria-labelledby="dr-h" data-testid="dr-summary">
        <h2 id="dr-h">What our DR costs</h2>
        {redundancy.status === "fulfilled" ? (
          <DrHeadline v={redundancy.value} />
        ) : failed(redundancy)}
      </section>
      <section className="card" aria-labelledby="anom-h">
        <h2 id="anom-h">Anomalies</h2>
        {anomalies.status === "fulfilled" ? (
          <>
            <div className="stat" data-testid="anomaly-count">{anomalies.value.anomalies.length}</div>
            <p className="small" style={{ margin: "4px 0" }}>
              {anomalies.value.anomalies.length
                ? `${formatMoneyDelta(anomalies.value.anomalies.reduce((s, a) => s + a.impact.totalMicros, 0), anomalies.value.anomalies[0].unit)} unexpected spend`
                : "Nothing unusual"}{" "}
              in the last 90 days
            </p>
          </>
        ) : failed(anomalies)}
      </section>
    </div>
  );
}

/** A monthly figure among monthly figures, its month named; the range total is secondary. */
function DrHeadline({ v }: { v: RedundancyView }) {
  const m = v.monthly;
  return (
    <>
      <div className="stat" data-testid="dr-monthly">{m ? formatMoney(m.amountMicros, v.unit) : "—"}<span className="muted small"> / month</span></div>
      <p className="small" style={{ margin: "4px 0" }}>
        {m ? `${monthName(m.month)}${m.complete ? "" : " so far"}, ${formatShare(m.share)} of that month's spend` : "No month in the range"}
      </p>
      <p className="muted small" style={{ margin: 0 }} data-testid="dr-total">
        {formatMoney(v.totalMicros, v.unit)} over {v.range.from} → {v.range.to} · <DrCounted v={v} />
      </p>
    </>
  );
}

/** Says exactly what is counted, so it reads against /regions' dormant count. */
function DrCounted({ v }: { v: RedundancyView }) {
  const { counted, all } = v.dormantReplicas;
  return (
    <span data-testid="dr-counted">
      {plural(counted, "dormant replica")} of {plural(v.services.length, "protected service")} (stateful or critical)
      {all > counted ? `; ${all - counted} of the fleet's ${all} dormant replicas are unprotected and not counted` : ""}
    </span>
  );
}

/** The main chart: spend per period stacked by the chosen group (region by default). */
export async function SpendByGroupPanel({ reader, view }: PanelProps) {
  const title = `Spend by ${GROUP_LABEL[view.groupBy].toLowerCase()}`;
  const r = await attempt(title, () => loadBreakdown(reader, view.from, view.to, view.granularity, view.metric, view.groupBy));
  if (!r.ok) return r.node;
  const b = r.data;
  return (
    <section className="card" aria-labelledby="spend-h" data-testid="spend-by-group">
      <div className="card-head">
        <h2 id="spend-h">{title}</h2>
        <CsvLink href={`/api/v1/costs?${apiQuery(view, { format: "csv" })}`} />
      </div>
      <p className="muted small" style={{ marginTop: 0 }}>
        {b.query.from} → {b.query.to}, {b.query.granularity}, {b.query.metric} cost{b.estimated ? "; the last period is an estimate" : ""}.
      </p>
      {/* Months are discrete buckets: bars, as Cost Explorer draws them; days stay a continuous area. */}
      {b.query.granularity === "monthly" ? (
        <StackedBarChart series={toStackedSeries(b.points)} unit={b.unit} label={`${title}, stacked bars, monthly`} />
      ) : (
        <StackedAreaChart series={toStackedSeries(b.points)} unit={b.unit} label={`${title}, stacked, daily`} />
      )}
      <CostTotalsTable rows={b.totals} unit={b.unit} keyHeader={GROUP_LABEL[view.groupBy]} totalMicros={b.totalMicros} testId="spend-totals" />
      <CostFreshnessNote freshness={b.freshness} />
    </section>
  );
}

/** Totals by service and by the team and system tags, whatever the main chart groups by. */
export async function BreakdownPanel({ reader, view, groupBy }: PanelProps & { groupBy: CostGroupBy }) {
  // Name the tag key the source reads (configurable per source: costTags), not the group's label.
  const title = `By ${GROUP_LABEL[groupBy].toLowerCase()}${groupBy === "team" || groupBy === "system" ? ` (tag ${reader.source.tags[groupBy]})` : ""}`;
  const r = await attempt(title, () => loadBreakdown(reader, view.from, view.to, "monthly", view.metric, groupBy));
  if (!r.ok) return r.node;
  const b = r.data;
  // Rows past the 12th fold into "Other", so the bars sum to the total beside them.
  const top = topWithOther(b.totals, 12);
  return (
    <section className="card" aria-labelledby={`by-${groupBy}-h`}>
      <div className="card-head">
        <h2 id={`by-${groupBy}-h`}>{title}</h2>
        <CsvLink href={`/api/v1/costs?${apiQuery({ ...view, granularity: "monthly", groupBy }, { format: "csv" })}`} />
      </div>
      <BarChart bars={top.map((t) => ({ key: t.key, label: t.key, value: Math.round(t.amountMicros / 10_000) / 100 }))} unit={b.unit} label={`${title}: ${top.length} bars summing to the total`} />
      <CostTotalsTable rows={b.totals} unit={b.unit} keyHeader={GROUP_LABEL[groupBy]} totalMicros={b.totalMicros} />
      <p className="small no-print"><a href={costViewHref(view, { groupBy })}>Chart over time by {GROUP_LABEL[groupBy].toLowerCase()} →</a></p>
    </section>
  );
}

export async function ForecastPanel({ reader, view }: PanelProps) {
  const title = "Forecast";
  const r = await attempt(title, () => Promise.all([loadForecast(reader, "daily", view.metric), loadForecast(reader, "monthly", view.metric)]));
  if (!r.ok) return r.node;
  const [daily, monthly] = r.data;
  const withBounds = daily.points.filter((p) => p.lowerMicros !== undefined && p.upperMicros !== undefined);
  return (
    <section className="card" aria-labelledby="forecast-h" data-testid="forecast">
      <div className="card-head">
        <h2 id="forecast-h">{title}</h2>
        <span className="row">
          <CsvLink href={`/api/v1/costs/forecast?granularity=daily&metric=${view.metric}&format=csv`} label="Daily CSV" />
          <CsvLink href={`/api/v1/costs/forecast?granularity=monthly&metric=${view.metric}&format=csv`} label="Monthly CSV" />
        </span>
      </div>
      <p className="muted small" style={{ marginTop: 0 }}>
        The next 3 months by day and 12 months by month.{" "}
        {daily.method === "cost-explorer"
          ? "From Cost Explorer's forecast; the band is its 80 % prediction interval."
          : "Method: each weekday's average over the last 28 days, grown by the trend against the 28 days before; the band is an 80 % prediction interval from the days' spread around those averages."}
        {daily.fallbackReason && <> Cost Explorer&apos;s forecast was unavailable ({daily.fallbackReason}).</>}
      </p>
      <CostTrendChart
        label="Daily spend: the last 60 days and the forecast for the next 3 months"
        unit={daily.unit}
        dashed={["forecast"]}
        series={[
          toSeries("actual", "Actual", daily.history.map((h) => ({ date: h.date, micros: h.amountMicros }))),
          toSeries("forecast", "Forecast", daily.points.map((p) => ({ date: p.date, micros: p.meanMicros }))),
        ]}
        band={withBounds.length ? { lower: toSeries("lower", "Lower", withBounds.map((p) => ({ date: p.date, micros: p.lowerMicros ?? 0 }))), upper: toSeries("upper", "Upper", withBounds.map((p) => ({ date: p.date, micros: p.upperMicros ?? 0 }))) } : undefined}
      />
      <h3 style={{ marginTop: 12 }}>Next 12 months</h3>
      <ForecastTable points={monthly.points} unit={monthly.unit} />
      <p className="row" style={{ justifyContent: "flex-end", margin: "6px 10px 0" }}>
        <span className="muted">12-month total</span> <strong>{formatMoney(monthly.totalMicros, monthly.unit)}</strong>
      </p>
      <CostFreshnessNote freshness={daily.freshness} />
    </section>
  );
}

export async function MoversPanel({ reader, view }: PanelProps) {
  const title = "Top movers by service";
  const r = await attempt(title, () => loadMovers(reader, "service", view.metric));
  if (!r.ok) return r.node;
  const m = r.data;
  return (
    <section className="card" aria-labelledby="movers-h">
      <div className="card-head">
        <h2 id="movers-h">{title}</h2>
        <CsvLink href={`/api/v1/costs/movers?groupBy=service&metric=${view.metric}&format=csv`} />
      </div>
      <p className="muted small" style={{ marginTop: 0 }}>{m.current.from} → {m.current.to} against {m.previous.from} → {m.previous.to}.</p>
      <MoversTable movers={m.movers} unit={m.unit} keyHeader="Service" />
      <CostFreshnessNote freshness={m.freshness} />
    </section>
  );
}

export async function RedundancyPanel({ reader, view }: PanelProps) {
  const title = "Cost of redundancy";
  const r = await attempt(title, () => loadRedundancy(reader, view.from, view.to, view.metric));
  if (!r.ok) return r.node;
  const v = r.data;
  return (
    <section className="card" aria-labelledby="redundancy-h" data-testid="redundancy">
      <div className="card-head">
        <h2 id="redundancy-h">{title}</h2>
        <CsvLink href={`/api/v1/costs/redundancy?${new URLSearchParams({ from: view.from, to: view.to, metric: view.metric, format: "csv" })}`} />
      </div>
      <p style={{ marginTop: 0 }}>
        Disaster recovery costs{" "}
        {v.monthly && <><strong data-testid="dr-cost-monthly">{formatMoney(v.monthly.amountMicros, v.unit)} a month</strong> ({monthName(v.monthly.month)}{v.monthly.complete ? "" : " so far"}, {formatShare(v.monthly.share)} of its spend) and{" "}</>}
        <strong data-testid="dr-cost">{formatMoney(v.totalMicros, v.unit)}</strong> in all from {v.range.from} to {v.range.to} ({formatShare(v.share)} of all spend): what the
        dormant replicas of protected services cost while nothing fails. Counted: <DrCounted v={v} />.
      </p>
      <div className="grid cols-2">
        <div>
          <h3>Dormant spend per region</h3>
          <dl className="kv" data-testid="dormant-regions">
            {v.byRegion.map((b) => (
              <div key={b.region} style={{ display: "contents" }}>
                <dt>{b.region}</dt>
                <dd>{formatMoney(b.amountMicros, v.unit)}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h3>Trend</h3>
          <CostTrendChart
            height={180}
            label="Dormant spend per month"
            unit={v.unit}
            series={[toSeries("dr", "Dormant spend", v.trend.map((t) => ({ date: t.month, micros: t.amountMicros })))]}
          />
          <p className="muted small">
            Share of all spend: {v.trend.slice(-4).map((t) => `${t.month.slice(0, 7)} ${formatShare(t.share)}`).join(" · ")}
          </p>
        </div>
      </div>
      <RedundancyTable rows={v.services.map((s) => ({ ...s, readiness: v.readiness[s.serviceId] ?? null }))} unit={v.unit} />
      <CostFreshnessNote freshness={v.freshness} />
    </section>
  );
}

export async function AnomaliesPanel({ reader }: PanelProps) {
  const title = "Anomalies";
  const r = await attempt(title, () => loadAnomalies(reader));
  if (!r.ok) return r.node;
  const a = r.data;
  return (
    <section className="card" aria-labelledby="anomalies-h" data-testid="anomalies">
      <div className="card-head">
        <h2 id="anomalies-h">{title}</h2>
        <CsvLink href={`/api/v1/costs/anomalies?format=csv`} />
      </div>
      <p className="muted small" style={{ marginTop: 0 }}>From Cost Anomaly Detection, {a.range.from} → {a.range.to}.</p>
      <AnomaliesTable anomalies={a.anomalies} />
      <CostFreshnessNote freshness={a.freshness} />
    </section>
  );
}
