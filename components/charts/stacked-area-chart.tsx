"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One line of a chart: `y` in display units (e.g. dollars) per `x` (a period such as "2025-06-01"). */
export type Series = { key: string; label: string; points: Array<{ x: string; y: number }> };

/** Colours from the theme first (light and dark), then fixed ones that read on both. */
export const CHART_COLORS = ["var(--accent)", "var(--ok)", "var(--warn)", "var(--bad)", "#8b5cf6", "#0ea5a4", "#db2777", "#64748b", "#ca8a04", "#2563eb"];

/** "$12k", "$1.2M": compact amounts for axes. */
export function formatCompact(value: number, unit = "USD"): string {
  const text = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return unit === "USD" ? `$${text}` : `${text} ${unit}`;
}

export function formatFull(value: number, unit = "USD"): string {
  const text = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  return unit === "USD" ? `$${text}` : `${text} ${unit}`;
}

/** Series → recharts rows: one row per x with a field per series key. */
export function toRows(series: Series[]): Array<Record<string, string | number>> {
  const rows = new Map<string, Record<string, string | number>>();
  for (const s of series)
    for (const p of s.points) {
      let row = rows.get(p.x);
      if (!row) rows.set(p.x, (row = { x: p.x }));
      row[s.key] = p.y;
    }
  return [...rows.values()].sort((a, b) => (String(a.x) < String(b.x) ? -1 : 1));
}

/** Stacked areas, e.g. spend by region per month; the stack height is the total. */
export function StackedAreaChart({ series, unit = "USD", height = 300, label }: { series: Series[]; unit?: string; height?: number; label: string }) {
  const rows = toRows(series);
  return (
    <figure role="img" aria-label={label} style={{ margin: 0, width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="x" tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" />
          <YAxis tickFormatter={(v: number) => formatCompact(v, unit)} tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" width={64} />
          <Tooltip formatter={(v) => formatFull(Number(v), unit)} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
          <Legend />
          {series.map((s, i) => (
            <Area key={s.key} type="linear" dataKey={s.key} name={s.label} stackId="1" stroke={CHART_COLORS[i % CHART_COLORS.length]} fill={CHART_COLORS[i % CHART_COLORS.length]} fillOpacity={0.35} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
