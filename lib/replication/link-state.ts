import { formatDuration } from "@/lib/config/duration";
import type { LinkConfig } from "./config-schema";
import type { LagSample, LinkState, LinkStatus } from "./types";

/**
 * A link is `stalled` when, over its last STALL_WINDOW samples spanning at least STALL_MIN_SPAN_MS,
 * the lag rose at every step AND the replica replayed nothing: either the source says so
 * (replayed === 0 on every step) or the lag's time equivalent grew at wall-clock pace
 * (between STALL_RATE.min and STALL_RATE.max seconds of lag per second), which is exactly how
 * a replica that applies nothing falls behind a primary that keeps writing.
 */
export const STALL_WINDOW = 5;
export const STALL_MIN_SPAN_MS = 60_000;
export const STALL_RATE = { min: 0.9, max: 1.1 } as const;
/**
 * Direct evidence needs less: when the source reports the replica's replay counter, the last
 * REPLAY_EVIDENCE.steps steps (spanning ≥ minSpanMs) with nothing replayed while lag rose are a
 * stall. That is what lets a counter-reporting source show a stall within one collection interval.
 */
export const REPLAY_EVIDENCE = { steps: 2, minSpanMs: 10_000 } as const;

type LinkThresholds = Pick<LinkConfig, "unit" | "secondsPerUnit" | "warning" | "breach" | "rpo">;

/** Time equivalent of a lag in the link's unit: seconds as they are, blocks × seconds per block. */
export function getLagSeconds(link: Pick<LinkConfig, "unit" | "secondsPerUnit">, lag: number): number | null {
  if (link.unit === "seconds") return lag;
  return link.secondsPerUnit ? lag * link.secondsPerUnit : null;
}

function usable(samples: LagSample[]): LagSample[] {
  return samples.filter((s) => Number.isFinite(s.lag) && Number.isFinite(s.t)).sort((a, b) => a.t - b.t);
}

function hasReplayEvidence(clean: LagSample[]): boolean {
  const window = clean.slice(-(REPLAY_EVIDENCE.steps + 1));
  if (window.length < REPLAY_EVIDENCE.steps + 1) return false;
  if (window[window.length - 1].t - window[0].t < REPLAY_EVIDENCE.minSpanMs) return false;
  for (let i = 1; i < window.length; i++) if (!(window[i].lag > window[i - 1].lag) || window[i].replayed !== 0) return false;
  return true;
}

export function isStalled(link: Pick<LinkConfig, "unit" | "secondsPerUnit">, samples: LagSample[]): boolean {
  if (hasReplayEvidence(usable(samples))) return true;
  const window = usable(samples).slice(-STALL_WINDOW);
  if (window.length < STALL_WINDOW) return false;
  const first = window[0];
  const last = window[window.length - 1];
  if (last.t - first.t < STALL_MIN_SPAN_MS) return false;
  for (let i = 1; i < window.length; i++) if (!(window[i].lag > window[i - 1].lag)) return false;
  const steps = window.slice(1);
  if (steps.every((s) => s.replayed === 0)) return true;
  // A source that saw the replica replay something overrules the rate heuristic.
  if (steps.some((s) => s.replayed !== null && s.replayed > 0)) return false;
  const a = getLagSeconds(link, first.lag);
  const b = getLagSeconds(link, last.lag);
  if (a === null || b === null) return false;
  const rate = (b - a) / ((last.t - first.t) / 1000);
  return rate >= STALL_RATE.min && rate <= STALL_RATE.max;
}

export function formatLag(link: Pick<LinkConfig, "unit">, lag: number): string {
  if (link.unit === "seconds") return formatDuration(lag * 1000);
  if (link.unit === "blocks") return `${Math.round(lag)} blocks`;
  return lag >= 1_048_576 ? `${(lag / 1_048_576).toFixed(1)} MiB` : lag >= 1024 ? `${(lag / 1024).toFixed(1)} KiB` : `${Math.round(lag)} B`;
}

/**
 * State of one link from its recent samples (oldest first or in any order). `staleAfterMs`:
 * a newest sample older than that means the source went dark → `unknown`, keeping the
 * last-known lag so the page can show it with its age. The reason never starts with the state word:
 * it is shown beside the state's badge and composed as "<link> <state>: <reason>" in readiness.
 */
export function getLinkState(
  link: LinkThresholds,
  samples: LagSample[],
  now: number,
  staleAfterMs: number,
): { state: LinkState; reason: string; lag: number | null; lagSeconds: number | null; sampledAt: number | null } {
  const clean = usable(samples);
  const latest = clean[clean.length - 1];
  if (!latest) return { state: "unknown", reason: "no lag data from the source", lag: null, lagSeconds: null, sampledAt: null };
  const lag = latest.lag;
  const lagSeconds = getLagSeconds(link, lag);
  const base = { lag, lagSeconds, sampledAt: latest.t };
  if (now - latest.t > staleAfterMs) {
    return { ...base, state: "unknown", reason: `source stale: last sample ${formatDuration(now - latest.t)} ago (${formatLag(link, lag)})` };
  }
  if (isStalled(link, clean)) {
    return { ...base, state: "stalled", reason: `the replica replays nothing while lag grows (now ${formatLag(link, lag)})` };
  }
  const rpoSeconds = link.rpo / 1000;
  if (lagSeconds !== null && lagSeconds > rpoSeconds) {
    return { ...base, state: "breach", reason: `lag ${formatDuration(lagSeconds * 1000)} exceeds RPO ${formatDuration(link.rpo)}` };
  }
  if (lag >= link.breach) return { ...base, state: "breach", reason: `lag ${formatLag(link, lag)} ≥ breach threshold ${formatLag(link, link.breach)}` };
  if (lag >= link.warning) return { ...base, state: "warning", reason: `lag ${formatLag(link, lag)} ≥ warning threshold ${formatLag(link, link.warning)}` };
  return { ...base, state: "ok", reason: `lag ${formatLag(link, lag)}` };
}

/** The DTO for one link: its configured limits, its current ends and its computed state. */
export function getLinkStatus(
  link: LinkConfig,
  ends: { from: string; to: string },
  samples: LagSample[],
  now: number,
  staleAfterMs: number,
): LinkStatus {
  const s = getLinkState(link, samples, now, staleAfterMs);
  return {
    linkId: link.id,
    service: link.service,
    from: ends.from,
    to: ends.to,
    engine: link.engine,
    unit: link.unit,
    lag: s.lag,
    lagSeconds: s.lagSeconds,
    rpoSeconds: link.rpo / 1000,
    warning: link.warning,
    breach: link.breach,
    state: s.state,
    reason: s.reason,
    sampledAt: s.sampledAt === null ? null : new Date(s.sampledAt).toISOString(),
  };
}
