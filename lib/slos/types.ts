/** The short windows burn rates are measured over (the SRE workbook's set). */
export const BURN_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export const BURN_WINDOW_MS: Record<BurnWindow, number> = {
  "5m": 5 * 60_000,
  "30m": 30 * 60_000,
  "1h": 3_600_000,
  "2h": 2 * 3_600_000,
  "6h": 6 * 3_600_000,
  "1d": 86_400_000,
  "3d": 3 * 86_400_000,
};

export type SloKind = "availability" | "latency";

/** One SLO for one service in one region, expanded from the YAML file. */
export type SloDefinition = {
  /** `service.name.region`: stable, URL-safe. */
  id: string;
  service: string;
  region: string;
  name: string;
  description: string;
  kind: SloKind;
  /** Percent, in (0, 100). */
  objective: number;
  /** The rolling compliance window in ms (28 or 30 days typically). */
  windowMs: number;
  /** Latency SLOs: requests faster than this count as good (ms); informative, the query encodes it. */
  thresholdMs: number | null;
  /** Requests per second below which burn alerts stay quiet; null = never quiet. */
  minRequestRate: number | null;
  labels: Record<string, string>;
  /**
   * PromQL templates with `{{.window}}` (and `{{.region}}`, `{{.service}}` already filled in).
   * Either good or error is set, with total; each returns events per second over the window.
   */
  query: {
    good: string | null;
    error: string | null;
    total: string;
    /** Latency SLOs: PromQL for the measured percentile in seconds, `{{.window}}` and `{{.quantile}}` left open; null = not measured. */
    latency?: string | null;
  };
};

/** The measured latency percentile of a latency SLO, to show beside its threshold. */
export type LatencyReading = {
  /** 0..1, the SLO's objective: 99 % faster than 3 s → p99. */
  quantile: number;
  /** null: measured but no traffic in the window. */
  ms: number | null;
  /** The window the percentile is taken over, ending at the status's `at`. */
  windowMs: number;
};

/** The window latency is measured over: recent, like the shortest burn window. */
export const LATENCY_WINDOW_MS = 5 * 60_000;

/** Good and total events per second averaged over a window; null when the source had no series. */
export type WindowRates = { good: number; total: number } | null;

/** What a SLI source answers for one SLO at one moment. */
export type SloWindowRates = {
  slo: string;
  at: number;
  /** The whole compliance window. */
  window: WindowRates;
  burn: Record<BurnWindow, WindowRates>;
  /** Latency SLOs whose source measures it; absent or null = not measured. */
  latency?: LatencyReading | null;
  /** Why a window is missing, when the source knows (no series, NaN, several series summed). */
  notes: string[];
};

export type AlertSeverity = "page" | "ticket";

/** One multi-window condition: both windows must burn at or above the factor. */
export type BurnCondition = { severity: AlertSeverity; long: BurnWindow; short: BurnWindow; factor: number };

export type BurnState = "page" | "ticket" | "ok" | "quiet" | "no-data";

export type SloStatus = {
  slo: string;
  service: string;
  region: string;
  name: string;
  kind: SloKind;
  objective: number;
  windowMs: number;
  at: number;
  /** Good fraction over the compliance window, 0..1; null = no traffic ("no data", never 0 % or 100 %). */
  sli: number | null;
  /** null while there is no data; otherwise whether the SLI meets the objective over the window. */
  met: boolean | null;
  budget: BudgetNumbers | null;
  burnRates: Record<BurnWindow, number | null>;
  /** Total requests per second over the last hour (for the minimum-rate rule). */
  requestRate: number | null;
  state: BurnState;
  /** The conditions that fire (empty when ok, quiet or no data). */
  firing: Array<BurnCondition & { longBurn: number; shortBurn: number }>;
  /** ms until the budget is gone at the current 1 h burn; 0 when already exhausted; null when not burning. */
  exhaustionInMs: number | null;
  /** Latency SLOs: the measured percentile when the source has it; null = not measured (older snapshots lack it). */
  latency?: LatencyReading | null;
  notes: string[];
};

export type BudgetNumbers = {
  /** Allowed bad fraction of requests: 1 − objective/100. */
  allowedBadFraction: number;
  /** Fractions of the budget, 1 = the whole budget. remaining = 1 − consumed; negative when overspent. */
  consumed: number;
  remaining: number;
  /** The same as minutes of full outage over the window. */
  totalMinutes: number;
  consumedMinutes: number;
  remainingMinutes: number;
};
