// Money is integer micro-units (1e-6 of the unit) so sums are exact integer additions, never float
// drift. Number is safe to 2^53 µ ≈ 9e9 in the unit, far above any one account's 13 months.

const MICROS_PER_UNIT = 1_000_000;
const AMOUNT = /^(-)?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal string ("1234.005", "0.0000001", "-3", "1.5E-7") into integer micros, rounding
 * half away from zero at the seventh decimal. Throws on anything that is not a number.
 */
export function parseAmountToMicros(text: string): number {
  const m = AMOUNT.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: "${text}"`);
  const [, sign, intPart, fracPart = "", expPart] = m;
  const digits = intPart + fracPart;
  const scale = fracPart.length - (expPart ? Number(expPart) : 0);
  // value = digits × 10^-scale; bring it to micros = digits × 10^(6 - scale).
  const shift = 6 - scale;
  let micros: bigint;
  if (shift >= 0) micros = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    micros = whole / divisor;
    if ((whole % divisor) * 2n >= divisor) micros += 1n;
  }
  const value = Number(micros);
  return sign ? -value : value;
}

/** Exact sum of decimal strings (bigint at the finest scale present), for contract checks and totals. */
export function sumDecimalStrings(amounts: readonly string[]): string {
  let scale = 0;
  const parsed = amounts.map((a) => {
    const m = AMOUNT.exec(a.trim());
    if (!m || m[4]) throw new Error(`not a plain decimal amount: "${a}"`);
    const frac = m[3] ?? "";
    scale = Math.max(scale, frac.length);
    return { neg: Boolean(m[1]), int: m[2], frac };
  });
  let total = 0n;
  for (const p of parsed) {
    const v = BigInt(p.int + p.frac.padEnd(scale, "0"));
    total += p.neg ? -v : v;
  }
  const neg = total < 0n;
  const abs = (neg ? -total : total).toString().padStart(scale + 1, "0");
  const int = abs.slice(0, abs.length - scale);
  const frac = abs.slice(abs.length - scale);
  return `${neg ? "-" : ""}${int}${scale ? `.${frac}` : ""}`;
}

/** Rounds micros to cents (half away from zero), as integer cents. */
export function microsToCents(micros: number): number {
  const sign = micros < 0 ? -1 : 1;
  const abs = Math.abs(micros);
  return sign * Math.floor((abs + 5_000) / 10_000);
}

/** "1234.57" — decimal string with `decimals` places, computed with integers. */
export function formatMicros(micros: number, decimals: 0 | 2 | 6 = 2): string {
  const unit = 10 ** (6 - decimals);
  const sign = micros < 0 ? "-" : "";
  const rounded = Math.floor((Math.abs(micros) + unit / 2) / unit);
  if (decimals === 0) return `${sign}${rounded}`;
  const s = String(rounded).padStart(decimals + 1, "0");
  return `${sign}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

export function unitsToMicros(units: number): number {
  return Math.round(units * MICROS_PER_UNIT);
}

export function microsToUnits(micros: number): number {
  return micros / MICROS_PER_UNIT;
}
