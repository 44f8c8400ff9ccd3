import type { LinkConfig } from "./config-schema";

export type LinkEngine = LinkConfig["engine"];
export type LagUnit = LinkConfig["unit"];
export type LinkState = "ok" | "warning" | "breach" | "stalled" | "unknown";

/** One lag observation. `t` is epoch ms; `lag` is in the link's natural unit. */
export type LagSample = {
  t: number;
  lag: number;
  /**
   * Units the replica replayed since the previous sample, where the source knows it
   * (the demo, a Redis offset pair); null when it cannot be told apart from lag alone.
   */
  replayed: number | null;
};

/**
 * What a lag source answered for one instant. `sample` is null when the source answered
 * but had no usable value (no series, NaN); `note` says which, for the link page.
 */
export type LagReading = { sample: LagSample | null; series: number; note: string | null };

export type LinkStatus = {
  linkId: string;
  service: string;
  /** The active end now: after a failover the link runs from the promoted region. */
  from: string;
  to: string;
  engine: LinkEngine;
  unit: LagUnit;
  lag: number | null;
  /** Time equivalent of `lag` in seconds, where one can be derived. */
  lagSeconds: number | null;
  rpoSeconds: number;
  warning: number;
  breach: number;
  state: LinkState;
  reason: string;
  sampledAt: string | null;
};

export const LAG_RANGES = ["1h", "6h", "24h", "7d"] as const;
export type LagRange = (typeof LAG_RANGES)[number];

/** Chart resolution per range: 120–180 points keep a recharts line crisp and cheap. */
export const LAG_RANGE_STEPS: Record<LagRange, { durationMs: number; stepSec: number }> = {
  "1h": { durationMs: 3_600_000, stepSec: 30 },
  "6h": { durationMs: 6 * 3_600_000, stepSec: 120 },
  "24h": { durationMs: 24 * 3_600_000, stepSec: 600 },
  "7d": { durationMs: 7 * 24 * 3_600_000, stepSec: 3600 },
};

/** `unknown`: a check cannot be made (capacity, backup age, a link it cannot see): never counts as ready. */
export type ReadinessVerdict = "ready" | "at-risk" | "unknown" | "not-ready";
export type ReadinessCheck = "replication" | "target-health" | "capacity" | "version-parity" | "backup" | "failover-drill";
export type ReadinessReason = { check: ReadinessCheck; verdict: ReadinessVerdict; message: string };

/** Best first: how bad a verdict is (worstVerdict, reasons worst first). */
export const VERDICT_RANK: Record<ReadinessVerdict, number> = { ready: 0, "at-risk": 1, unknown: 2, "not-ready": 3 };

/** Worst first, for sorting lists: not-ready, unknown, at-risk, ready. */
export const VERDICT_ORDER: Record<ReadinessVerdict, number> = { "not-ready": 0, unknown: 1, "at-risk": 2, ready: 3 };

export function worstVerdict(verdicts: ReadinessVerdict[]): ReadinessVerdict {
  return verdicts.reduce<ReadinessVerdict>((w, v) => (VERDICT_RANK[v] > VERDICT_RANK[w] ? v : w), "ready");
}
