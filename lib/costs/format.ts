import { formatMicros, microsToCents } from "./money";

// Display formatting for amounts (integer micros) computed with integers, so the page shows exactly
// the cents the totals hold.

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "$1,234.57" for USD, "1,234.57 EUR" otherwise; `decimals` 0 for chart axes and headlines. */
export function formatMoney(micros: number, unit = "USD", decimals: 0 | 2 = 2): string {
  const text = formatMicros(micros, decimals);
  const neg = text.startsWith("-");
  const [int, frac] = (neg ? text.slice(1) : text).split(".");
  const body = `${group(int)}${frac !== undefined ? `.${frac}` : ""}`;
  return unit === "USD" ? `${neg ? "-" : ""}$${body}` : `${neg ? "-" : ""}${body} ${unit}`;
}

/** "+$1,234.57" / "-$12.00": a change, always signed. */
export function formatMoneyDelta(micros: number, unit = "USD"): string {
  return `${micros > 0 ? "+" : ""}${formatMoney(micros, unit)}`;
}

/** 0.1234 → "12.3 %"; null → "—". */
export function formatShare(ratio: number | null, signed = false): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  const pct = Math.round(ratio * 1000) / 10;
  return `${signed && pct > 0 ? "+" : ""}${pct.toFixed(1)} %`;
}

/** Integer cents of an amount, for comparisons "to the cent". */
export function toCents(micros: number): number {
  return microsToCents(micros);
}
