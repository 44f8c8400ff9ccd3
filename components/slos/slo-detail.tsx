import { latencyLabel } from "@/lib/slos/latency-label";
import type { SloDetail } from "@/lib/slos/queries";
import { BURN_WINDOWS } from "@/lib/slos/types";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { formatBurn, formatEta, formatFraction, formatMinutes, formatSli, formatWindow } from "./format";

/** The four numbers of an SLO now: SLI, budget left, alert state and time to exhaustion. */
export function SloTiles({ detail }: { detail: SloDetail }) {
  const { row } = detail;
  const page = row.firing.find((f) => f.severity === "page") ?? row.firing[0];
  const latency = latencyLabel(detail.thresholdMs, row.latency);
  return (
    <div className="grid cols-4 gap-below">
      <section className="card" aria-label="SLI">
        <div className="muted small">SLI over {formatWindow(row.windowMs)}</div>
        <div className="stat" data-testid="slo-sli">{formatSli(row.sli)}</div>
        <div><DataAge iso={row.dataAsOf} /></div>
        {row.met === null ? <Badge tone="neutral">no data</Badge> : row.met ? <Badge tone="ok">objective met</Badge> : <Badge tone="bad">objective missed</Badge>}
        {latency && (
          <div className={`small gap-above-sm${latency.over ? " text-bad" : ""}`} data-testid="slo-latency">
            {latency.text}{row.latency ? ` (last ${Math.round(row.latency.windowMs / 60_000)} min)` : ""}
          </div>
        )}
      </section>
      <section className="card" aria-label="Error budget">
        <div className="muted small">Error budget left</div>
        <div className="stat" data-testid="slo-budget">{formatFraction(row.budget?.remaining)}</div>
        <div>{row.budgetFrozen && <Badge tone="warn">frozen</Badge>} <DataAge iso={row.dataAsOf} /></div>
        {row.budget && (
          <div className="small muted">
            {formatMinutes(row.budget.remainingMinutes)} of {formatMinutes(row.budget.totalMinutes)} of full outage left · {formatFraction(row.budget.consumed)} spent ({formatMinutes(row.budget.consumedMinutes)})
          </div>
        )}
      </section>
      <section className="card" aria-label="Burn state">
        <div className="muted small">Alert state</div>
        <div className="stat"><StatusBadge status={row.state} /></div>
        <div className="small muted" data-testid="slo-rule">
          {page
            ? `${page.long} burn ${formatBurn(page.longBurn)} and ${page.short} burn ${formatBurn(page.shortBurn)} ≥ ${page.factor.toFixed(2)}`
            : row.state === "quiet"
              ? `under ${detail.minRequestRate} req/s over the last hour: alerts stay quiet`
              : row.state === "no-data"
                ? row.noDataSince !== null ? "the source sent nothing newer" : row.collected ? "no traffic in any window" : (row.noDataReason ?? "not collected yet")
                : "no rule fires"}
        </div>
      </section>
      <section className="card" aria-label="Time to exhaustion">
        <div className="muted small">Budget gone in (at the 1 h burn)</div>
        <div className="stat" data-testid="slo-eta">{formatEta(row.exhaustionInMs, row.sli !== null)}</div>
        <DataAge iso={row.dataAsOf} label="computed from data as of" />
      </section>
    </div>
  );
}

/** Burn rates per window and the multi-window rules they are held to. */
export function SloBurnTables({ detail }: { detail: SloDetail }) {
  const { row } = detail;
  return (
    <div className="grid cols-2 gap-above">
      <section className="card" aria-labelledby="burn-h">
        <h2 id="burn-h" className="flush-top">Burn rates</h2>
        <table className="table" data-testid="burn-rates">
          <thead><tr><th>Window</th>{BURN_WINDOWS.map((w) => <th key={w} className="num">{w}</th>)}</tr></thead>
          <tbody><tr><td>burn</td>{BURN_WINDOWS.map((w) => <td key={w} className="mono num">{formatBurn(row.burnRates[w])}</td>)}</tr></tbody>
        </table>
        <div><DataAge iso={row.dataAsOf} /></div>
        <p className="muted small">1× spends exactly the whole budget over {formatWindow(row.windowMs)}. Request rate over the last hour: {row.requestRate === null ? "no data" : `${row.requestRate.toFixed(2)} req/s`}{detail.minRequestRate !== null ? ` (alerts quiet under ${detail.minRequestRate})` : ""}.</p>
      </section>
      <section className="card" aria-labelledby="rules-h">
        <h2 id="rules-h" className="flush-top">Multi-window alert rules</h2>
        <table className="table" data-testid="alert-rules">
          <thead><tr><th>Severity</th><th>Windows</th><th className="num">Threshold</th><th className="num">Long</th><th className="num">Short</th><th>State</th></tr></thead>
          <tbody>
            {detail.conditions.map((c) => (
              <tr key={`${c.long}-${c.short}`}>
                <td>{c.severity}</td>
                <td className="mono">{c.long} and {c.short}</td>
                <td className="mono num">{c.factor.toFixed(2)}×</td>
                <td className="mono num">{formatBurn(c.longBurn)}</td>
                <td className="mono num">{formatBurn(c.shortBurn)}</td>
                <td>{c.firing ? <Badge tone={c.severity === "page" ? "bad" : "warn"}>firing</Badge> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">SRE workbook thresholds (14.4 / 6 / 3 / 1 for 30 d) scaled by window ÷ 30 d; both windows must reach them.</p>
      </section>
    </div>
  );
}

/** What the SLO is: its id, description and queries. */
export function SloDefinitionCard({ detail }: { detail: SloDetail }) {
  const { row } = detail;
  return (
    <section className="card gap-above" aria-labelledby="def-h">
      <h2 id="def-h" className="flush-top">Definition</h2>
      <dl className="kv">
        <dt>Id</dt><dd className="mono">{row.slo}</dd>
        <dt>Description</dt><dd>{detail.description || "—"}</dd>
        {detail.query.good && <><dt>Good query</dt><dd className="mono small">{detail.query.good}</dd></>}
        {detail.query.error && <><dt>Error query</dt><dd className="mono small">{detail.query.error}</dd></>}
        <dt>Total query</dt><dd className="mono small">{detail.query.total}</dd>
        {row.notes.length > 0 && <><dt>Notes</dt><dd className="small">{row.notes.join("; ")}</dd></>}
      </dl>
    </section>
  );
}
