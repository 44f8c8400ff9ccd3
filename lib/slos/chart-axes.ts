// Axes for the SLO charts with ticks a person reads at a glance (1, 2, 2.5 or 5 × 10ⁿ), so the
// labels fall on round numbers (90 %, 95 %, 100 %), never on 74/81/88 % or an odd −10 %.

export type Axis = { domain: [number, number]; ticks: number[] };

const STEPS = [1, 2, 2.5, 5, 10];

/** The smallest nice step that covers `span` in at most `maxTicks − 1` intervals. */
export function niceStep(span: number, maxTicks = 6): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const unit = STEPS.find((s) => s * mag >= raw - 1e-12) ?? 10;
  return unit * mag;
}

/** Ticks on nice multiples covering [low, high]; the domain is the first to the last tick. */
export function niceAxis(low: number, high: number, maxTicks = 6): Axis {
  if (low > high) [low, high] = [high, low];
  if (low === high) [low, high] = [low - 1, high + 1];
  const step = niceStep(high - low, maxTicks);
  const first = Math.floor(low / step + 1e-9) * step;
  const last = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals so 0.1 + 0.2 never shows as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = first; v <= last + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/** Error budget left, in %: 0–100 while any budget is left, extended below 0 only when overspent. */
export function budgetAxis(values: readonly number[]): Axis {
  const low = Math.min(0, ...values);
  if (low >= 0) return { domain: [0, 100], ticks: [0, 25, 50, 75, 100] };
  return niceAxis(low, 100, 6);
}

/** SLI in %: zoomed in near the objective, never cutting a dip off, topped at 100 %. */
export function sliAxis(values: readonly number[], objective: number): Axis {
  const low = Math.min(objective, ...values);
  // A little room under the lowest value so the line does not sit on the axis.
  const floor = Math.max(0, low - Math.max(0.5, (100 - low) * 0.1));
  const axis = niceAxis(floor, 100, 6);
  return axis.domain[0] < 0 ? niceAxis(0, 100, 6) : axis;
}
