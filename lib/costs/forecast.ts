import { addDays, addMonths, daysInMonth, monthStart, weekday } from "./dates";
import type { PeriodTotal } from "./rollup";
import type { ForecastPoint } from "./types";

/*
 * The offline forecast (demo, or when Cost Explorer's is unavailable), kept simple enough to explain
 * on the page:
 *  1. Weekly shape: for each weekday, the mean of that weekday over the trailing 28 complete days
 *     ending at `asOf`, leaving out 1st-of-month days (upfront commitments are billed then and would
 *     otherwise repeat every week).
 *  2. Trend: r = (mean day of those 28) / (mean day of the 28 before), both without 1st-of-month
 *     days, clamped to [0.5, 2]; each forecast day grows by r^(1/28) per day, so a day 28 days later
 *     is exactly r times larger. Without 56 days of history r = 1.
 *  3. Day asOf + k (k ≥ 1) = weekday mean × r^((k + 13.5) / 28): the means sit at the middle of
 *     the window, 13.5 days before asOf.
 *  4. Each forecast 1st of the month adds the latest 1st's excess over its weekday neighbours
 *     (±7 and ±14 days), grown by the same trend.
 *  5. An 80 % prediction interval, as Cost Explorer gives with PredictionIntervalLevel 80: σ is the
 *     spread of the 28 days around their weekday means (n − 7 degrees of freedom); day k's interval
 *     is mean ± 1.2816 σ √(1 + k/28), widening with the horizon, the lower bound never below 0.
 *     A month's interval adds its days' half-widths in quadrature.
 */
export const FORECAST_METHOD = "trailing-28d-weekday-average" as const;

const isFirstOfMonth = (day: string) => day.endsWith("-01");

/** z for a central 80 % interval of a normal distribution. */
const Z80 = 1.2816;

export function forecastDaily(daily: readonly PeriodTotal[], asOf: string, days: number): ForecastPoint[] {
  const byDate = new Map(daily.map((d) => [d.date, d.amountMicros]));
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  let last28 = 0;
  let lastN = 0;
  let prev28 = 0;
  let prevN = 0;
  let prevDays = 0;
  for (let i = 0; i < 28; i++) {
    const day = addDays(asOf, -i);
    const v = byDate.get(day);
    if (v !== undefined && !isFirstOfMonth(day)) {
      sums[weekday(day)] += v;
      counts[weekday(day)]++;
      last28 += v;
      lastN++;
    }
    const dayBefore = addDays(asOf, -28 - i);
    const before = byDate.get(dayBefore);
    if (before !== undefined) {
      prevDays++;
      if (!isFirstOfMonth(dayBefore)) {
        prev28 += before;
        prevN++;
      }
    }
  }
  const overall = lastN ? last28 / lastN : 0;
  const means = sums.map((s, wd) => (counts[wd] ? s / counts[wd] : overall));
  let squares = 0;
  for (let i = 0; i < 28; i++) {
    const day = addDays(asOf, -i);
    const v = byDate.get(day);
    if (v !== undefined && !isFirstOfMonth(day)) squares += (v - means[weekday(day)]) ** 2;
  }
  const sigma = lastN > 7 ? Math.sqrt(squares / (lastN - 7)) : 0;
  const r = prevDays === 28 && prevN > 0 && prev28 > 0 && lastN > 0 ? Math.min(2, Math.max(0.5, last28 / lastN / (prev28 / prevN))) : 1;
  // The latest 1st of the month in the last 56 days: its excess over the same weekday around it.
  let firstExcess = 0;
  let firstAge = 0;
  for (let i = 0; i < 56; i++) {
    const day = addDays(asOf, -i);
    if (!isFirstOfMonth(day)) continue;
    const v = byDate.get(day);
    if (v === undefined) continue;
    const neighbours = [-14, -7, 7, 14].map((n) => byDate.get(addDays(day, n))).filter((x): x is number => x !== undefined);
    if (neighbours.length) {
      firstExcess = v - neighbours.reduce((a, b) => a + b, 0) / neighbours.length;
      firstAge = i;
    }
    break;
  }
  const out: ForecastPoint[] = [];
  for (let k = 1; k <= days; k++) {
    const day = addDays(asOf, k);
    let mean = means[weekday(day)] * r ** ((k + 13.5) / 28);
    if (isFirstOfMonth(day) && firstExcess > 0) mean += firstExcess * r ** ((k + firstAge) / 28);
    const half = Z80 * sigma * Math.sqrt(1 + k / 28);
    out.push({ date: day, meanMicros: Math.round(mean), lowerMicros: Math.max(0, Math.round(mean - half)), upperMicros: Math.round(mean + half) });
  }
  return out;
}

/** Monthly forecast: the daily forecast summed per calendar month, for `months` months after asOf's month. */
export function forecastMonthly(daily: readonly PeriodTotal[], asOf: string, months: number): ForecastPoint[] {
  const end = addDays(addMonths(monthStart(asOf), months + 1), -1);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
  const sums = new Map<string, { mean: number; squares: number }>();
  for (const p of forecastDaily(daily, asOf, days)) {
    const m = monthStart(p.date);
    const acc = sums.get(m) ?? { mean: 0, squares: 0 };
    acc.mean += p.meanMicros;
    acc.squares += ((p.upperMicros ?? p.meanMicros) - p.meanMicros) ** 2;
    sums.set(m, acc);
  }
  // The current month's remainder belongs to the end-of-month figure, not the monthly series.
  sums.delete(monthStart(asOf));
  return [...sums].map(([date, { mean, squares }]) => {
    const half = Math.sqrt(squares);
    return { date, meanMicros: mean, lowerMicros: Math.max(0, Math.round(mean - half)), upperMicros: Math.round(mean + half) };
  });
}

export type EndOfMonthForecast = { month: string; actualMicros: number; remainingMicros: number; totalMicros: number; remainingDays: number };

/** Spend so far this month plus the forecast for the days left. */
export function forecastEndOfMonth(daily: readonly PeriodTotal[], asOf: string): EndOfMonthForecast {
  const month = monthStart(asOf);
  const remainingDays = daysInMonth(asOf) - Number(asOf.slice(8, 10));
  let actual = 0;
  for (const d of daily) if (d.date >= month && d.date <= asOf) actual += d.amountMicros;
  const remaining = forecastDaily(daily, asOf, remainingDays).reduce((s, p) => s + p.meanMicros, 0);
  return { month, actualMicros: actual, remainingMicros: remaining, totalMicros: actual + remaining, remainingDays };
}
