"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** A ready series for the lag chart: values in `unit`, gaps as null (never drawn as zero). */
export type LagSeries = { name: string; color: string; points: Array<{ t: number; v: number | null }> };
export type LagThreshold = { y: number; label: string; color: string };

function tick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : iso.slice(11, 16);
}

/** Replication lag over a range with its thresholds (warning, breach, RPO) drawn as labelled lines. */
export function LagChart({ series, thresholds, start, end, unit, height = 280 }: { series: LagSeries; thresholds: LagThreshold[]; start: number; end: number; unit: string; height?: number }) {
  const span = end - start;
  const top = Math.max(0, ...series.points.map((p) => p.v ?? 0), ...thresholds.map((t) => t.y));
  return (
    <figure style={{ margin: 0 }} aria-label={`${series.name} over time`} data-testid="lag-chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={series.points} margin={{ left: 4, right: 24, top: 18, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} tickFormatter={(t: number) => tick(t, span)} stroke="var(--muted)" fontSize={12} />
          <YAxis domain={[0, Math.ceil(top * 1.1) || 1]} unit={unit} stroke="var(--muted)" fontSize={12} width={80} />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
            labelFormatter={(t) => `${new Date(Number(t)).toISOString().replace("T", " ").slice(0, 19)} UTC`}
            formatter={(v) => (typeof v === "number" ? `${Number(v.toFixed(3))}${unit}` : "no data")}
          />
          {/* Labels alternate sides so close lines (warning just under breach) stay readable. */}
          {thresholds.map((t, i) => (
            <ReferenceLine key={t.label} y={t.y} stroke={t.color} strokeDasharray="6 4" label={{ value: t.label, fill: t.color, fontSize: 11, position: i % 2 === 0 ? "insideTopLeft" : "insideTopRight" }} />
          ))}
          <Line type="monotone" dataKey="v" name={series.name} stroke={series.color} dot={false} connectNulls={false} isAnimationActive={false} strokeWidth={2} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
