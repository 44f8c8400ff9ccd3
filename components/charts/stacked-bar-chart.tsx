"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS, formatCompact, formatFull, toRows, type Series } from "./stacked-area-chart";

/** Stacked bars, one per period (Cost Explorer's monthly view): each bar's height is that period's total. */
export function StackedBarChart({ series, unit = "USD", height = 300, label }: { series: Series[]; unit?: string; height?: number; label: string }) {
  const rows = toRows(series);
  return (
    <figure role="img" aria-label={label} style={{ margin: 0, width: "100%", height }} data-testid="stacked-bars">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="x" tickFormatter={(x: string) => x.slice(0, 7)} tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" />
          <YAxis tickFormatter={(v: number) => formatCompact(v, unit)} tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" width={64} />
          <Tooltip formatter={(v) => formatFull(Number(v), unit)} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
          <Legend />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="1" fill={CHART_COLORS[i % CHART_COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
