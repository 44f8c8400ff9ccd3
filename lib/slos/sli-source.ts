import type { SourceConfig } from "@/lib/config/schema";
import type { SloDefinition, SloWindowRates, WindowRates } from "./types";

// How lib/slos reads SLIs: one small interface, a demo implementation (lib/demo/slis.ts) and a
// Prometheus one. Sources return raw good/total rates; lib/slos/math.ts turns them into numbers.

export type SliError = {
  /** The SLO the error is about; null when the whole source failed (down, timeout). */
  slo: string | null;
  kind: "unavailable" | "bad-query";
  message: string;
};

export type SliBatch = {
  /** One entry per SLO asked for, in the same order; windows the source could not answer are null. */
  rates: SloWindowRates[];
  errors: SliError[];
  /** HTTP requests made (the benchmark reports it); 0 for the demo. */
  queryCount: number;
  fetchedAt: number;
};

export type SliSeriesPoint = {
  t: number;
  /** Rates over the step (at least 5 minutes) ending at t: the SLI chart. */
  step: WindowRates;
  /** Rates over the compliance window ending at t: the budget burndown. */
  window: WindowRates;
};

export type SliSeries = { slo: string; stepSec: number; points: SliSeriesPoint[]; notes: string[] };

export type SliRange = { start: number; end: number; stepSec: number };

export interface SliSource {
  readonly kind: "demo" | "prometheus";
  /** Good/total rates over every burn window and each SLO's compliance window, ending at `at`. */
  getWindowRates(slos: SloDefinition[], at: number, signal?: AbortSignal): Promise<SliBatch>;
  getSeries(slo: SloDefinition, range: SliRange, signal?: AbortSignal): Promise<SliSeries>;
}

/** The chart's rate window: the step, but never under 5 minutes (rates need a few scrapes). */
export function seriesRateWindowSec(stepSec: number): number {
  return Math.max(300, stepSec);
}

/** What lib/slos asks the composition root for (lib/server/registry.ts): the SLI source of a configured source. */
export type SloProviders = { sliSource(source: SourceConfig): SliSource };
