import { addDays, addMonths, monthStart } from "./dates";
import type { PeriodTotal } from "./rollup";

// Figures a cost review reads first, kept in the units the rest of the page uses (monthly amounts
// beside monthly amounts) and summing to the totals they sit beside.

export const OTHER_KEY = "Other";

/** The `n` largest rows and, when more exist, one "Other" row holding the rest, so rows sum to the total. */
export function topWithOther<T extends { key: string; amountMicros: number }>(rows: readonly T[], n: number): Array<{ key: string; amountMicros: number; folded: number }> {
  const sorted = [...rows].sort((a, b) => b.amountMicros - a.amountMicros || (a.key < b.key ? -1 : 1));
  if (sorted.length <= n) return sorted.map((r) => ({ key: r.key, amountMicros: r.amountMicros, folded: 0 }));
  // One row per kept key, then the rest; "Other" only when it hides at least two keys (else show the key).
  const kept = sorted.slice(0, n - 1).map((r) => ({ key: r.key, amountMicros: r.amountMicros, folded: 0 }));
  const rest = sorted.slice(n - 1);
  return [...kept, { key: `${OTHER_KEY} (${rest.length})`, amountMicros: rest.reduce((s, r) => s + r.amountMicros, 0), folded: rest.length }];
}

export type MonthTotal = { month: string; from: string; to: string; amountMicros: number };

/** Last calendar month's full total from daily totals (it is closed on the 1st of this month). */
export function lastMonthTotal(daily: readonly PeriodTotal[], today: string): MonthTotal {
  const from = addMonths(monthStart(today), -1);
  const to = addDays(monthStart(today), -1);
  let amountMicros = 0;
  for (const d of daily) if (d.date >= from && d.date <= to) amountMicros += d.amountMicros;
  return { month: from, from, to, amountMicros };
}

/**
 * The monthly figure to headline from a monthly trend: the latest month complete by `today` (the
 * current month is partial and would read low); the current month only when no other exists.
 */
export function latestCompleteMonth<T extends { month: string }>(trend: readonly T[], today: string): (T & { complete: boolean }) | null {
  const current = monthStart(today);
  const sorted = [...trend].sort((a, b) => (a.month < b.month ? -1 : 1));
  const complete = sorted.filter((t) => t.month < current);
  if (complete.length) return { ...complete[complete.length - 1], complete: true };
  const last = sorted[sorted.length - 1];
  return last ? { ...last, complete: false } : null;
}

/** "1 day", "3 days". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2025-06-01" → "June 2025" (UTC, so the month never shifts with the viewer's zone). */
export function monthName(month: string): string {
  return new Date(`${month.slice(0, 7)}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}
