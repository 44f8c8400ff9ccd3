import type { RegionHistory } from "@/lib/deployments/queries";
import { formatUtc } from "@/lib/format";

const LANE = 34;
const LABEL = 110;
const WIDTH = 900;

/** Which version ran when, one lane per region (server-rendered SVG; versions alternate shades, drift is marked). */
export function VersionTimeline({ regions, from, to }: { regions: RegionHistory[]; from: string; to: string }) {
  const t0 = Date.parse(from);
  const t1 = Date.parse(to);
  const x = (iso: string | null) => LABEL + ((Math.min(t1, iso ? Date.parse(iso) : t1) - t0) / (t1 - t0)) * (WIDTH - LABEL - 10);
  const height = regions.length * LANE + 24;
  const ticks = Array.from({ length: 5 }, (_, i) => new Date(t0 + ((t1 - t0) * i) / 4).toISOString());
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label="Version timeline per region" style={{ maxWidth: WIDTH }}>
      {regions.map((r, i) => (
        <g key={r.region} transform={`translate(0, ${i * LANE})`}>
          <text x={0} y={20} fontSize={12} fill="var(--text)">{r.region}</text>
          {r.segments.map((s, j) => {
            const x0 = x(s.from);
            const w = Math.max(2, x(s.to) - x0);
            return (
              <g key={`${s.from}-${j}`}>
                <title>{`${r.region}: ${s.version} from ${formatUtc(s.from)}${s.to ? ` to ${formatUtc(s.to)}` : " (running)"}`}</title>
                <rect x={x0} y={6} width={w} height={20} rx={3} fill={j % 2 ? "var(--info-bg)" : "var(--ok-bg)"} stroke="var(--border)" />
                {w > 48 && <text x={x0 + 4} y={20} fontSize={11} fill="var(--text)" fontFamily="var(--mono)">{s.version}</text>}
              </g>
            );
          })}
          {r.driftSince && (
            <g>
              <title>{`drift began ${formatUtc(r.driftSince)}`}</title>
              <line x1={x(r.driftSince)} x2={x(r.driftSince)} y1={2} y2={30} stroke="var(--warn)" strokeWidth={2} strokeDasharray="3 2" />
            </g>
          )}
        </g>
      ))}
      {ticks.map((t, i) => (
        // The last tick sits at the right edge: anchored at its end so the label stays inside the figure.
        <text key={t} x={x(t)} y={height - 6} fontSize={10} fill="var(--muted)" textAnchor={i === ticks.length - 1 ? "end" : "middle"}>{i === ticks.length - 1 ? "now" : t.slice(5, 10)}</text>
      ))}
    </svg>
  );
}
