"use client";
import { sliAxis } from "@/lib/slos/chart-axes";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** A ready series: one value per time (ms), null where there is no data (a gap, never a zero). */
export type ChartSeries = { name: string; color: string; points: Array<{ t: number; v: number | null }> };
/** Something that happened at a moment, drawn as a vertical line on the same time axis (deployments). */
export type ChartMarker = { t: number; label: string };

export function utcTick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : iso.slice(11, 16);
}

/** Rows keyed by time with one column per series, the shape recharts wants. */
export function mergeSeries(series: ChartSeries[]): Array<Record<string, number | null>> {
  const rows = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.name] = p.v;
      rows.set(p.t, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
}

export function TimeLineChart({ series, markers, start, end, yDomain, yTicks, unit, reference, height = 260, label }: {
  series: ChartSeries[];
  markers: ChartMarker[];
  start: number;
  end: number;
  yDomain: [number | "auto" | ((v: number) => number), number | "auto" | ((v: number) => number)];
  /** Explicit ticks (nice numbers); recharts' own fall on odd values for a zoomed domain. */
  yTicks?: number[];
  unit: string;
  reference?: { y: number; label: string; color: string };
  height?: number;
  label: string;
}) {
  const span = end - start;
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={mergeSeries(series)} margin={{ left: 4, right: 24, top: 18, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} tickFormatter={(t: number) => utcTick(t, span)} stroke="var(--muted)" fontSize={12} />
          <YAxis domain={yDomain} ticks={yTicks} interval={0} unit={unit} stroke="var(--muted)" fontSize={12} width={64} allowDataOverflow />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
            labelFormatter={(t) => `${new Date(Number(t)).toISOString().replace("T", " ").slice(0, 16)} UTC`}
            formatter={(v) => (typeof v === "number" ? `${v.toFixed(3)}${unit}` : "no data")}
          />
          <Legend />
          {reference && <ReferenceLine y={reference.y} stroke={reference.color} strokeDasharray="5 4" label={{ value: reference.label, fill: "var(--muted)", fontSize: 11, position: "insideTopLeft" }} />}
          {markers.map((m) => (
            <ReferenceLine key={`${m.t}-${m.label}`} x={m.t} className="deployment-marker" stroke="var(--info)" strokeWidth={2} label={{ value: m.label, fill: "var(--info)", fontSize: 11, position: "top" }} />
          ))}
          {series.map((s) => <Line key={s.name} type="monotone" dataKey={s.name} stroke={s.color} dot={false} connectNulls={false} isAnimationActive={false} strokeWidth={2} />)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The SLI over the range (good share per step) against the objective, with deployments marked. */
export function SliChart({ series, markers, objective, start, end }: { series: ChartSeries[]; markers: ChartMarker[]; objective: number; start: number; end: number }) {
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v): v is number => v !== null);
  // Zoom in near the objective, but never cut a dip off; ticks on round numbers.
  const axis = sliAxis(values, objective);
  return (
    <div data-testid="sli-chart">
      <TimeLineChart label="SLI over time" series={series} markers={markers} start={start} end={end} yDomain={axis.domain} yTicks={axis.ticks} unit=" %" reference={{ y: objective, label: `objective ${objective} %`, color: "var(--bad)" }} />
    </div>
  );
}
