/**
 * A small inline trend as plain SVG: a 200-link table cannot afford a recharts instance per row.
 * Values are drawn as given (the link's unit); the newest point gets a dot.
 */
export function Sparkline({ values, width = 120, height = 28, color = "var(--accent)", label }: { values: number[]; width?: number; height?: number; color?: string; label: string }) {
  if (values.length < 2) return <span className="muted small">no data</span>;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => (i / (values.length - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  const d = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values.length - 1;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="sparkline">
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} />
      <circle cx={x(last)} cy={y(values[last])} r={2} fill={color} />
    </svg>
  );
}
