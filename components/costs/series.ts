import type { Series } from "@/components/charts/stacked-area-chart";
import { pivot } from "@/lib/costs/rollup";
import type { CostPoint } from "@/lib/costs/types";

// Cost points → the chart wrappers' Series, in display units (dollars with cents).

const units = (micros: number) => Math.round(micros / 10_000) / 100;

/** Points → at most `maxKeys` stacked series (the rest folded into "Other"), in display units. */
export function toStackedSeries(points: CostPoint[], maxKeys = 8): Series[] {
  const p = pivot(points, maxKeys);
  return p.keys.map((key, k) => ({ key: `s${k}`, label: key, points: p.periods.map((x, i) => ({ x, y: units(p.values[k][i]) })) }));
}

export function toSeries(key: string, label: string, rows: Array<{ date: string; micros: number }>): Series {
  return { key, label, points: rows.map((r) => ({ x: r.date, y: units(r.micros) })) };
}
