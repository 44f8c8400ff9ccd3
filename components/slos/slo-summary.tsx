import type { SloSummary } from "@/lib/slos/queries";
import { summaryHeadline } from "@/lib/slos/summary-headline";
import { BudgetBySystemChart } from "./budget-by-system-chart";

/** The leadership view: how many SLOs burn now (by state), how many met their objective, where the budget went. */
export function SloSummaryPanel({ summary }: { summary: SloSummary }) {
  const h = summaryHeadline(summary);
  return (
    <div className="grid cols-2" style={{ marginBottom: 14 }}>
      <section className="card" aria-labelledby="slo-met-h">
        <h2 id="slo-met-h" style={{ marginTop: 0 }}>SLOs now</h2>
        <div className="stat" style={{ color: h.tone === "bad" || h.tone === "warn" ? `var(--${h.tone})` : undefined }} data-testid="slos-met">{h.stat}</div>
        <p className="muted small" data-testid="slos-summary-detail">{h.detail} · {summary.total} defined</p>
        <div className="row small">
          <span>Burn states:</span>
          <span className="badge bad">page {summary.byState.page}</span>
          <span className="badge warn">ticket {summary.byState.ticket}</span>
          <span className="badge ok">ok {summary.byState.ok}</span>
          <span className="badge neutral">quiet {summary.byState.quiet}</span>
          <span className="badge neutral">no data {summary.byState["no-data"]}</span>
        </div>
        <table className="table small" style={{ marginTop: 10 }}>
          <thead><tr><th>System</th><th style={{ textAlign: "right" }}>Objective met</th><th style={{ textAlign: "right" }}>Budget spent (mean)</th></tr></thead>
          <tbody>
            {summary.bySystem.map((s) => (
              <tr key={s.system}>
                <td>{s.name}</td>
                <td style={{ textAlign: "right" }} className="mono">{s.met} / {s.slos - s.noData}</td>
                <td style={{ textAlign: "right" }} className="mono">{s.budgetSpent === null ? "no data" : `${(s.budgetSpent * 100).toFixed(1)} %`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="slo-budget-h">
        <h2 id="slo-budget-h" style={{ marginTop: 0 }}>Budget spent by system</h2>
        <BudgetBySystemChart bars={summary.bySystem.map((s) => ({ name: s.name, spent: s.budgetSpent, worst: s.worstSpent }))} />
      </section>
    </div>
  );
}
