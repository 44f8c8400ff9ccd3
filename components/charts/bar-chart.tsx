"use client";
import { Bar, BarChart as RBarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS, formatCompact, formatFull } from "./stacked-area-chart";

export type Bar = { key: string; label: string; value: number };

/** Horizontal bars, largest first, e.g. spend per service over the range. */
export function BarChart({ bars, unit = "USD", label, color = CHART_COLORS[0] }: { bars: Bar[]; unit?: string; label: string; color?: string }) {
  const height = Math.max(120, bars.length * 26 + 40);
  return (
    <figure role="img" aria-label={label} style={{ margin: 0, width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <RBarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => formatCompact(v, unit)} tick={{ fill: "var(--muted)", fontSize: 12 }} stroke="var(--border)" />
          <YAxis type="category" dataKey="label" width={150} tick={{ fill: "var(--text)", fontSize: 12 }} stroke="var(--border)" />
          <Tooltip formatter={(v) => formatFull(Number(v), unit)} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
          <Bar dataKey="value" name="Spend" fill={color} isAnimationActive={false} />
        </RBarChart>
      </ResponsiveContainer>
    </figure>
  );
}
