// The time range of an SLO's charts. Points sit on multiples of the step (repeated loads hit the same
// points), but the range ends at `now`, not at the last whole step, and stretches back to the
// deployment that started a burn, so the chart shows the cause beside the effect.

/** About 200 points per chart, whole minutes. */
export function stepFor(rangeMs: number): number {
  return Math.max(60, Math.ceil(rangeMs / 200 / 60_000) * 60);
}

export type SeriesRange = { start: number; end: number; stepSec: number; pointsEnd: number; extendedTo: number | null };

/**
 * `causeAt`: the deployment before a burn (null when not burning). When it lies before the asked
 * span, the span grows to include it with a tenth of the span as margin.
 */
export function seriesRange(now: number, spanMs: number, causeAt: number | null): SeriesRange {
  const extend = causeAt !== null && causeAt < now - spanMs;
  const span = extend ? now - causeAt + spanMs / 10 : spanMs;
  const stepSec = stepFor(span);
  const stepMs = stepSec * 1000;
  const pointsEnd = Math.floor(now / stepMs) * stepMs;
  const start = pointsEnd - Math.ceil((span - (now - pointsEnd)) / stepMs) * stepMs;
  return { start, end: now, stepSec, pointsEnd, extendedTo: extend ? causeAt : null };
}

/** Whole steps only, ending at the last whole step before now (the timeline's range). */
export function alignedRange(now: number, spanMs: number): SeriesRange {
  const stepSec = stepFor(spanMs);
  const stepMs = stepSec * 1000;
  const end = Math.floor(now / stepMs) * stepMs;
  return { start: end - Math.floor(spanMs / stepMs) * stepMs, end, stepSec, pointsEnd: end, extendedTo: null };
}
