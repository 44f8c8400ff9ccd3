import { BURN_WINDOWS, type BudgetNumbers, type BurnCondition, type BurnState, type BurnWindow, type SloDefinition, type SloStatus, type SloWindowRates, type WindowRates } from "./types";

// Pure SLO arithmetic. Every function treats "no traffic" as no data (null), never as 0 % or 100 %.

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The SRE workbook's thresholds are stated for a 30-day window. */
export const WORKBOOK_WINDOW_MS = 30 * DAY;

/** Good fraction 0..1 for a window; null without traffic or when the numbers are not finite. */
export function sliOf(rates: WindowRates): number | null {
  if (!rates || !Number.isFinite(rates.good) || !Number.isFinite(rates.total) || rates.total <= 0) return null;
  // Counters scraped a moment apart can put good a hair above total; a ratio above 1 means nothing.
  return Math.min(1, Math.max(0, rates.good / rates.total));
}

/** The allowed bad fraction: 99.9 % → 0.001. */
export function allowedBadFraction(objective: number): number {
  return 1 - objective / 100;
}

/** How many times faster than "exactly the budget over the window" errors are arriving. */
export function burnRateOf(sli: number | null, objective: number): number | null {
  return sli === null ? null : (1 - sli) / allowedBadFraction(objective);
}

/** Budget over the compliance window, from the SLI over that same window. */
export function budgetOf(sli: number | null, objective: number, windowMs: number): BudgetNumbers | null {
  if (sli === null) return null;
  const allowed = allowedBadFraction(objective);
  const consumed = (1 - sli) / allowed;
  const totalMinutes = (allowed * windowMs) / MINUTE;
  return {
    allowedBadFraction: allowed,
    consumed,
    remaining: 1 - consumed,
    totalMinutes,
    consumedMinutes: consumed * totalMinutes,
    remainingMinutes: (1 - consumed) * totalMinutes,
  };
}

/**
 * The workbook's multi-window, multi-burn-rate conditions with thresholds scaled to the SLO window:
 * threshold = workbook factor × window / 30 d, so each condition still means "this share of the
 * budget went in the long window" (page: 2 % in 1 h, 5 % in 6 h; ticket: 10 % in 1 d, 10 % in 3 d).
 * 30 d → 14.4 / 6 / 3 / 1; 28 d → 13.44 / 5.6 / 2.8 / 0.933. See docs/slos.md for how Pyrra differs.
 */
export function burnConditions(windowMs: number): BurnCondition[] {
  const scale = windowMs / WORKBOOK_WINDOW_MS;
  return [
    { severity: "page", long: "1h", short: "5m", factor: 14.4 * scale },
    { severity: "page", long: "6h", short: "30m", factor: 6 * scale },
    { severity: "ticket", long: "1d", short: "2h", factor: 3 * scale },
    { severity: "ticket", long: "3d", short: "6h", factor: 1 * scale },
  ];
}

export type BurnEvaluation = { state: BurnState; firing: SloStatus["firing"] };

/**
 * The alert state from burn rates. Order: no window has data → "no-data"; traffic over the last
 * hour below the minimum request rate → "quiet" (a handful of requests must not page anyone);
 * otherwise the most severe condition whose long AND short window both reach the threshold.
 */
export function evaluateBurnState(
  burnRates: Record<BurnWindow, number | null>,
  windowMs: number,
  requestRate: number | null,
  minRequestRate: number | null,
): BurnEvaluation {
  if (BURN_WINDOWS.every((w) => burnRates[w] === null)) return { state: "no-data", firing: [] };
  if (minRequestRate !== null && (requestRate ?? 0) < minRequestRate) return { state: "quiet", firing: [] };
  const firing: SloStatus["firing"] = [];
  for (const c of burnConditions(windowMs)) {
    const longBurn = burnRates[c.long];
    const shortBurn = burnRates[c.short];
    if (longBurn !== null && shortBurn !== null && longBurn >= c.factor && shortBurn >= c.factor) firing.push({ ...c, longBurn, shortBurn });
  }
  const state: BurnState = firing.some((f) => f.severity === "page") ? "page" : firing.length ? "ticket" : "ok";
  return { state, firing };
}

/**
 * Time until the budget is gone if the current 1 h burn continues: a burn of 1 spends the whole
 * budget in one window, so remaining × window / burn. Linear: it ignores old errors leaving the
 * rolling window. 0 when already exhausted; null when not burning or without data.
 */
export function exhaustionInMs(remaining: number | null, burn1h: number | null, windowMs: number): number | null {
  if (remaining === null) return null;
  if (remaining <= 0) return 0;
  if (burn1h === null || burn1h <= 0) return null;
  return (remaining * windowMs) / burn1h;
}

/** Everything the console shows for one SLO, from the rates a source returned. */
export function computeSloStatus(def: SloDefinition, rates: SloWindowRates): SloStatus {
  const sli = sliOf(rates.window);
  const budget = budgetOf(sli, def.objective, def.windowMs);
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, burnRateOf(sliOf(rates.burn[w]), def.objective)])) as Record<BurnWindow, number | null>;
  const requestRate = rates.burn["1h"] ? rates.burn["1h"].total : null;
  const { state, firing } = evaluateBurnState(burnRates, def.windowMs, requestRate, def.minRequestRate);
  return {
    slo: def.id,
    service: def.service,
    region: def.region,
    name: def.name,
    kind: def.kind,
    objective: def.objective,
    windowMs: def.windowMs,
    at: rates.at,
    sli,
    met: sli === null ? null : sli >= def.objective / 100,
    budget,
    burnRates,
    requestRate,
    state,
    firing,
    exhaustionInMs: exhaustionInMs(budget?.remaining ?? null, burnRates["1h"], def.windowMs),
    latency: def.kind === "latency" ? (rates.latency ?? null) : null,
    notes: rates.notes,
  };
}

export type GateReason = { slo: string; service: string; region: string; kind: "budget-exhausted" | "page-burn" | "no-data"; detail: string };
export type GateResult = { blocked: boolean; reasons: GateReason[]; unknown: string[] };

/** What the gate knows about one SLO beyond its status: whether its data is current (lib/slos/queries.ts fills it in). */
export type GateSlo = SloStatus & {
  /** False: never computed (no source, not collected yet). */
  collected?: boolean;
  /** Set: the source feeding it missed its interval; the numbers are last-known. */
  noDataSince?: string | null;
  noDataReason?: string | null;
  /** The source refused its queries. */
  errors?: string[];
};

/**
 * The change gate, failing closed: a change touching these regions (and services, when a non-empty
 * list is given: an empty one means every service there) is blocked while any of their SLOs has
 * spent its whole budget, burns at page level, or has no current data (never collected, its source
 * missed its interval, its queries fail, or the source answered with no series at all). SLOs whose
 * source answered "no traffic" (a dormant region) do not block; they are listed in `unknown`.
 */
export function evaluateGate(statuses: GateSlo[], scope: { regions?: string[]; services?: string[] } = {}): GateResult {
  const reasons: GateReason[] = [];
  const unknown: string[] = [];
  const everyService = !scope.services || scope.services.length === 0;
  for (const s of statuses) {
    if (scope.regions && !scope.regions.includes(s.region)) continue;
    if (!everyService && !scope.services!.includes(s.service)) continue;
    const base = { slo: s.slo, service: s.service, region: s.region };
    const what = `${s.service} ${s.name} in ${s.region}`;
    if (s.collected === false) {
      reasons.push({ ...base, kind: "no-data", detail: `${what} has no SLO data (${s.noDataReason ?? "not collected yet"})` });
      continue;
    }
    if (s.noDataSince !== undefined && s.noDataSince !== null) {
      reasons.push({ ...base, kind: "no-data", detail: `${what} has no SLO data since ${s.noDataSince}${s.noDataReason ? ` (${s.noDataReason})` : ""}` });
      continue;
    }
    if (s.errors && s.errors.length > 0) {
      reasons.push({ ...base, kind: "no-data", detail: `${what} cannot be computed: ${s.errors[0]}` });
      continue;
    }
    if (s.budget && s.budget.remaining <= 0)
      reasons.push({ ...base, kind: "budget-exhausted", detail: `${what} has spent ${Math.round(s.budget.consumed * 100)} % of its error budget` });
    if (s.state === "page") {
      const f = s.firing.find((x) => x.severity === "page");
      reasons.push({ ...base, kind: "page-burn", detail: `${what} burns ${f ? `${f.longBurn.toFixed(1)}× over ${f.long}` : "at page level"}` });
    }
    if (s.state === "no-data") {
      // requestRate 0: the source answered with no traffic. null: it had no series to answer with.
      if (s.requestRate === null) reasons.push({ ...base, kind: "no-data", detail: `${what}: the source returned no series${s.notes.length ? ` (${s.notes[0]})` : ""}` });
      else unknown.push(s.slo);
    }
  }
  return { blocked: reasons.length > 0, reasons, unknown };
}
