import type { LatencyReading } from "./types";

// The measured latency percentile beside its threshold, in the words of an SLO dashboard:
// "p99 7.3 s against 3 s". A latency SLO whose source has no latency query reads "not measured".

export type LatencyLabel = { text: string; over: boolean | null };

const quantileName = (q: number) => `p${Number((q * 100).toFixed(2))}`;
const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s` : `${Math.round(ms)} ms`);

export function latencyLabel(thresholdMs: number | null, latency: LatencyReading | null | undefined): LatencyLabel | null {
  if (thresholdMs === null) return null;
  if (!latency) return { text: `latency not measured (threshold ${seconds(thresholdMs)}; add latency_query to the SLO)`, over: null };
  const against = `against ${seconds(thresholdMs)}`;
  if (latency.ms === null) return { text: `${quantileName(latency.quantile)} no requests in the last ${Math.round(latency.windowMs / 60_000)} min, ${against}`, over: null };
  return { text: `${quantileName(latency.quantile)} ${seconds(latency.ms)} ${against}`, over: latency.ms > thresholdMs };
}
