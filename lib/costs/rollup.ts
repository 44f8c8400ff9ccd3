import { addDays, addMonths, daysInMonth, monthStart } from "./dates";
import type { CostGroupBy, CostPoint, CostRecord, DateRange, Granularity } from "./types";

// Pure roll-ups over integer micros: every sum is an exact integer addition.

export function periodOf(date: string, granularity: Granularity): string {
  return granularity === "daily" ? date : monthStart(date);
}

/**
 * Sums records per (period, group). Points come sorted by period, then key. Records outside
 * `range` (inclusive days) are skipped.
 */
export function rollup(records: readonly CostRecord[], groupBy: CostGroupBy, granularity: Granularity, range?: DateRange): CostPoint[] {
  const byKey = new Map<string, Map<string, number>>();
  const periodCache = new Map<string, string>();
  const from = range?.from ?? "";
  const to = range?.to ?? "\uffff";
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.date < from || r.date > to) continue;
    let period = periodCache.get(r.date);
    if (period === undefined) {
      period = periodOf(r.date, granularity);
      periodCache.set(r.date, period);
    }
    const key = r[groupBy];
    let periods = byKey.get(key);
    if (!periods) byKey.set(key, (periods = new Map()));
    periods.set(period, (periods.get(period) ?? 0) + r.amountMicros);
  }
  return flatten(byKey);
}

/** Re-buckets points (e.g. daily → monthly) without changing their keys. */
export function regroupPoints(points: readonly CostPoint[], granularity: Granularity): CostPoint[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const p of points) {
    const period = periodOf(p.date, granularity);
    let periods = byKey.get(p.key);
    if (!periods) byKey.set(p.key, (periods = new Map()));
    periods.set(period, (periods.get(period) ?? 0) + p.amountMicros);
  }
  return flatten(byKey);
}

function flatten(byKey: Map<string, Map<string, number>>): CostPoint[] {
  const out: CostPoint[] = [];
  for (const [key, periods] of byKey) for (const [date, amountMicros] of periods) out.push({ date, key, amountMicros });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export type PeriodTotal = { date: string; amountMicros: number };

/** One total per period, sorted by period. */
export function totalsByPeriod(points: readonly CostPoint[]): PeriodTotal[] {
  const m = new Map<string, number>();
  for (const p of points) m.set(p.date, (m.get(p.date) ?? 0) + p.amountMicros);
  return [...m].map(([date, amountMicros]) => ({ date, amountMicros })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** One total per group, largest first (ties by key). */
export function totalsByKey(points: readonly CostPoint[]): Array<{ key: string; amountMicros: number }> {
  const m = new Map<string, number>();
  for (const p of points) m.set(p.key, (m.get(p.key) ?? 0) + p.amountMicros);
  return [...m].map(([key, amountMicros]) => ({ key, amountMicros })).sort((a, b) => b.amountMicros - a.amountMicros || (a.key < b.key ? -1 : 1));
}

export function sumMicros(points: readonly { amountMicros: number }[]): number {
  let s = 0;
  for (const p of points) s += p.amountMicros;
  return s;
}

/**
 * A table for stacked charts: `values[k][i]` is group `keys[k]` in period `periods[i]` (0 when
 * absent). Keys are ordered largest total first; beyond `maxKeys` the rest fold into "Other".
 */
export function pivot(points: readonly CostPoint[], maxKeys = Infinity): { periods: string[]; keys: string[]; values: number[][] } {
  const periods = [...new Set(points.map((p) => p.date))].sort();
  const ranked = totalsByKey(points).map((t) => t.key);
  const keep = ranked.length > maxKeys ? ranked.slice(0, Math.max(0, maxKeys - 1)) : ranked;
  const folded = ranked.length > keep.length;
  const keys = folded ? [...keep, "Other"] : keep;
  const keyIndex = new Map(keep.map((k, i) => [k, i]));
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const values = keys.map(() => new Array<number>(periods.length).fill(0));
  for (const p of points) {
    const k = keyIndex.get(p.key) ?? keys.length - 1;
    values[k][periodIndex.get(p.date) ?? 0] += p.amountMicros;
  }
  return { periods, keys, values };
}

export type MonthToDate = {
  from: string;
  to: string;
  amountMicros: number;
  /** The same days of last month: 1st through the same day number (clamped to its length). */
  previous: { from: string; to: string; amountMicros: number };
  deltaMicros: number;
  /** null when last month had no spend to compare with. */
  deltaRatio: number | null;
};

/** Month-to-date through `asOf` (inclusive) against the same point of last month, from daily totals. */
export function monthToDate(daily: readonly PeriodTotal[], asOf: string): MonthToDate {
  const from = monthStart(asOf);
  const prevFrom = addMonths(from, -1);
  const prevTo = addDays(prevFrom, Math.min(Number(asOf.slice(8, 10)), daysInMonth(prevFrom)) - 1);
  let cur = 0;
  let prev = 0;
  for (const d of daily) {
    if (d.date >= from && d.date <= asOf) cur += d.amountMicros;
    else if (d.date >= prevFrom && d.date <= prevTo) prev += d.amountMicros;
  }
  return {
    from,
    to: asOf,
    amountMicros: cur,
    previous: { from: prevFrom, to: prevTo, amountMicros: prev },
    deltaMicros: cur - prev,
    deltaRatio: prev === 0 ? null : (cur - prev) / prev,
  };
}
