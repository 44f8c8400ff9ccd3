import Link from "next/link";
import { addMonths, monthStart } from "@/lib/costs/dates";
import { COST_GROUP_BYS, COST_METRICS, GRANULARITIES, type CostGroupBy, type CostMetric, type Granularity } from "@/lib/costs/types";

export type CostView = { from: string; to: string; granularity: Granularity; metric: CostMetric; groupBy: CostGroupBy };

const LABELS: Record<string, string> = {
  daily: "Daily", monthly: "Monthly", unblended: "Unblended", amortized: "Amortized",
  region: "Region", service: "Service", team: "Team (tag)", system: "System (tag)",
};

export function costViewHref(v: CostView, patch: Partial<CostView> = {}): string {
  const next = { ...v, ...patch };
  return `/costs?${new URLSearchParams({ from: next.from, to: next.to, granularity: next.granularity, metric: next.metric, groupBy: next.groupBy })}`;
}

/** The view lives in the URL: a plain GET form (works without JavaScript) plus preset links. */
export function CostPickers({ view, today }: { view: CostView; today: string }) {
  const presets: Array<[string, Partial<CostView>]> = [
    ["13 months", { from: addMonths(monthStart(today), -12), to: today, granularity: "monthly" }],
    ["This quarter, daily", { from: addMonths(monthStart(today), -2), to: today, granularity: "daily" }],
    ["This month, daily", { from: monthStart(today), to: today, granularity: "daily" }],
  ];
  return (
    <form method="get" action="/costs" className="card no-print" aria-label="Cost view" style={{ marginBottom: 14 }}>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label className="form" style={{ gap: 4 }}>
          <span className="small muted">From</span>
          <input type="date" name="from" defaultValue={view.from} max={today} required />
        </label>
        <label className="form" style={{ gap: 4 }}>
          <span className="small muted">To</span>
          <input type="date" name="to" defaultValue={view.to} max={today} required />
        </label>
        {([["granularity", GRANULARITIES], ["metric", COST_METRICS], ["groupBy", COST_GROUP_BYS]] as const).map(([name, options]) => (
          <label key={name} className="form" style={{ gap: 4 }}>
            <span className="small muted">{name === "groupBy" ? "Group by" : name === "metric" ? "Metric" : "Granularity"}</span>
            <select name={name} defaultValue={view[name]}>
              {options.map((o) => <option key={o} value={o}>{LABELS[o]}</option>)}
            </select>
          </label>
        ))}
        <button type="submit" className="btn primary">Apply</button>
      </div>
      <nav aria-label="Presets" className="row small" style={{ marginTop: 10 }}>
        <span className="muted">Presets:</span>
        {presets.map(([label, patch]) => <Link key={label} href={costViewHref(view, patch)}>{label}</Link>)}
        <span className="muted">Group by:</span>
        {COST_GROUP_BYS.map((g) => (
          <Link key={g} href={costViewHref(view, { groupBy: g })} aria-current={g === view.groupBy ? "true" : undefined} style={g === view.groupBy ? { fontWeight: 700 } : undefined}>
            {LABELS[g]}
          </Link>
        ))}
      </nav>
    </form>
  );
}
