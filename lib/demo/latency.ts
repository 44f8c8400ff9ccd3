// The demo fleet's latency: request durations log-normal with a fixed spread, placed so that the
// share of requests under the SLO's threshold is the good fraction its SLI reports. The measured
// percentile then follows from the same numbers as the SLI, e.g. the Leaderboard's bad deploy
// (80 % under 3 s) gives p99 ≈ 7 s, the seed's "7 s against 3 s".

/** σ of ln(duration): a typical web service's tail (p99 ≈ 4 × median). */
export const DEMO_LATENCY_SIGMA = 0.6;

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error under 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile of ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The `quantile` (0..1) of request durations in ms when `goodFraction` of them are under
 * `thresholdMs`; null without traffic. The good fraction is clamped to (0.001, 0.999999).
 */
export function demoLatencyQuantileMs(goodFraction: number | null, thresholdMs: number, quantile: number, sigma = DEMO_LATENCY_SIGMA): number | null {
  if (goodFraction === null || !Number.isFinite(goodFraction)) return null;
  const g = Math.min(0.999999, Math.max(0.001, goodFraction));
  const median = thresholdMs * Math.exp(-sigma * normalQuantile(g));
  return median * Math.exp(sigma * normalQuantile(quantile));
}
