"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One burn line, its values at the chart's shared `times` (columns: the page carries each time once, not once per line). */
export type TimelineBurnSeries = { name: string; color: string; values: Array<number | null> };
export type TimelineMarker = { t: number; label: string; kind: "deployment" | "apply" | "failover" | "scenario"; /** Drawn beside the line when set; markers too close together go without. */ text?: string };

const MARKER_COLORS: Record<TimelineMarker["kind"], string> = { deployment: "var(--info)", apply: "var(--accent)", failover: "var(--bad)", scenario: "var(--warn)" };

function rows(times: number[], series: TimelineBurnSeries[]): Array<Record<string, number | null>> {
  return times.map((t, i) => Object.fromEntries([["t", t], ...series.map((s) => [s.name, s.values[i] ?? null])]));
}

/** What changed (vertical markers by kind) against the burn rate of the SLOs burning most (1 = on budget). */
export function TimelineChart({ times, series, markers, start, end, ticks, height = 280 }: { times: number[]; series: TimelineBurnSeries[]; markers: TimelineMarker[]; start: number; end: number; ticks?: number[]; height?: number }) {
  const max = Math.max(2, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return (
    <figure style={{ margin: 0 }} aria-label="Changes in the last 24 hours against SLO burn rate" data-testid="timeline-chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows(times, series)} margin={{ left: 4, right: 24, top: 22, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} ticks={ticks} tickFormatter={(t: number) => new Date(t).toISOString().slice(11, 16)} stroke="var(--muted)" fontSize={12} />
          <YAxis domain={[0, Math.ceil(max)]} stroke="var(--muted)" fontSize={12} width={48} unit="×" allowDataOverflow />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
            labelFormatter={(t) => `${new Date(Number(t)).toISOString().replace("T", " ").slice(0, 16)} UTC`}
            formatter={(v) => (typeof v === "number" ? `${v.toFixed(2)}× burn` : "no data")}
          />
          <Legend />
          <ReferenceLine y={1} stroke="var(--muted)" strokeDasharray="5 4" label={{ value: "on budget (1×)", fill: "var(--muted)", fontSize: 11, position: "insideBottomRight" }} />
          {markers.map((m, i) => (
            <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke={MARKER_COLORS[m.kind]} strokeWidth={m.kind === "deployment" ? 1 : 2} strokeDasharray={m.kind === "deployment" ? "2 3" : undefined} ifOverflow="hidden"
              label={m.text ? { value: m.text, position: "insideTopLeft", angle: -90, dx: -2, dy: 4, textAnchor: "end", fill: MARKER_COLORS[m.kind], fontSize: 10 } : undefined} />
          ))}
          {series.map((s) => <Line key={s.name} type="monotone" dataKey={s.name} stroke={s.color} dot={false} connectNulls={false} isAnimationActive={false} strokeWidth={2} />)}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="small muted">
        Markers: <span style={{ color: MARKER_COLORS.failover }}>■ failovers</span> · <span style={{ color: MARKER_COLORS.apply }}>■ terraform applies</span> · <span style={{ color: MARKER_COLORS.scenario }}>■ scenario changes</span> · <span style={{ color: MARKER_COLORS.deployment }}>┆ deployments</span>
      </figcaption>
    </figure>
  );
}
