/** What gives a sparkline's height a meaning: values drawn from zero, the max and a threshold named. */
export type SparklineScale = { format: (v: number) => string; threshold?: { value: number; name: string } };

/**
 * A small inline trend as plain SVG: a 200-link table cannot afford a recharts instance per row.
 * Values are drawn as given (the link's unit); the newest point gets a dot. With a `scale` the line
 * is drawn from zero up to the larger of its max and the threshold (a dashed line), and a caption
 * says both ("max 3 s · warning 10 s"), so a flat line near the bottom reads as small, not as noise.
 */
export function Sparkline({ values, width = 120, height = 28, color = "var(--accent)", label, scale }: { values: number[]; width?: number; height?: number; color?: string; label: string; scale?: SparklineScale }) {
  if (values.length < 2) return <span className="muted small">no data</span>;
  const max = Math.max(...values);
  const threshold = scale?.threshold;
  const lo = scale ? Math.min(0, ...values) : Math.min(...values);
  const hi = scale ? Math.max(max, threshold?.value ?? max) : max;
  const span = hi - lo || 1;
  const x = (i: number) => (i / (values.length - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 3 - ((v - lo) / span) * (height - 6);
  const d = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values.length - 1;
  const caption = scale ? `max ${scale.format(max)}${threshold ? ` · ${threshold.name} ${scale.format(threshold.value)}` : ""}` : null;
  const svg = (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={caption ? `${label}: ${caption}` : label} data-testid="sparkline">
      {threshold && <line x1={2} x2={width - 2} y1={y(threshold.value)} y2={y(threshold.value)} stroke="var(--warn)" strokeDasharray="3 3" strokeWidth={1} />}
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} />
      <circle cx={x(last)} cy={y(values[last])} r={2} fill={color} />
    </svg>
  );
  if (!caption) return svg;
  return (
    <span style={{ display: "inline-block" }}>
      {svg}
      <span className="small muted" style={{ display: "block" }} data-testid="sparkline-scale">{caption}</span>
    </span>
  );
}
