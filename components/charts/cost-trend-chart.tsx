"use client";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS, formatCompact, formatFull, toRows, type Series } from "./stacked-area-chart";

/**
 * Lines over time, e.g. actual spend then its forecast (dashed), with an optional band
 * (`band` series: lower and upper bound) drawn behind them.
 */
export function CostTrendChart({ series, dashed = [], band, unit = "USD", height = 260, label }: {
  series: Series[];
  /** Keys drawn dashed (forecasts). */
  dashed?: string[];
  band?: { lower: Series; upper: Series };
  unit?: string;
  height?: number;
  label: string;
}) {
  const rows = toRows(band ? [...series, band.lower, band.upper] : series).map((r) =>
    band && r[band.lower.key] !== undefined && r[band.upper.key] !== undefined ? { ...r, band: [r[band.lower.key], r[band.upper.key]] } : r,
  );
  return (
    <figure role="img" aria-label={label} style={{ margin: 0, width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="x" tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" minTickGap={24} />
          <YAxis tickFormatter={(v: number) => formatCompact(v, unit)} tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" width={64} />
          <Tooltip
            formatter={(v) => (Array.isArray(v) ? v.map((x) => formatFull(Number(x), unit)).join(" – ") : formatFull(Number(v), unit))}
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
          />
          <Legend />
          {band && <Area dataKey="band" name="80 % interval" stroke="none" fill="var(--info)" fillOpacity={0.15} isAnimationActive={false} />}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={CHART_COLORS[i % CHART_COLORS.length]}
              strokeDasharray={dashed.includes(s.key) ? "6 4" : undefined}
              dot={false}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
