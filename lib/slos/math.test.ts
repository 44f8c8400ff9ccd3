import { describe, expect, it } from "vitest";
import { allowedBadFraction, budgetOf, burnConditions, burnRateOf, computeSloStatus, evaluateBurnState, evaluateGate, exhaustionInMs, sliOf } from "./math";
import type { BurnWindow, SloDefinition, SloWindowRates, WindowRates } from "./types";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const none: Record<BurnWindow, number | null> = { "5m": null, "30m": null, "1h": null, "2h": null, "6h": null, "1d": null, "3d": null };
const burns = (values: Partial<Record<BurnWindow, number>>): Record<BurnWindow, number | null> => ({ ...none, ...values });

describe("SLI", () => {
  it("is good/total, and no traffic is no data (never 0 % or 100 %)", () => {
    expect(sliOf({ good: 990, total: 1000 })).toBe(0.99);
    expect(sliOf({ good: 0, total: 0 })).toBeNull();
    expect(sliOf(null)).toBeNull();
    expect(sliOf({ good: Number.NaN, total: 5 })).toBeNull();
    // Skewed counters: good slightly above total is capped at 1.
    expect(sliOf({ good: 10.01, total: 10 })).toBe(1);
  });
});

describe("error budget", () => {
  it("99 % over 28 d: 1 % of requests = 403.2 minutes of full outage", () => {
    // 28 d = 40,320 min; 1 % of that = 403.2 min. SLI 99.5 % → bad 0.5 % = half the budget.
    const b = budgetOf(0.995, 99, 28 * DAY);
    expect(b?.allowedBadFraction).toBeCloseTo(0.01, 12);
    expect(b?.totalMinutes).toBeCloseTo(403.2, 9);
    expect(b?.consumed).toBeCloseTo(0.5, 9);
    expect(b?.remaining).toBeCloseTo(0.5, 9);
    expect(b?.consumedMinutes).toBeCloseTo(201.6, 9);
    expect(b?.remainingMinutes).toBeCloseTo(201.6, 9);
  });

  it("99.9 % over 30 d = 43.2 minutes; overspending goes negative", () => {
    // 30 d = 43,200 min × 0.001 = 43.2 min. SLI 99.7 % → 0.3 % bad = 3 budgets → remaining −2 (−86.4 min).
    const b = budgetOf(0.997, 99.9, 30 * DAY);
    expect(b?.totalMinutes).toBeCloseTo(43.2, 9);
    expect(b?.consumed).toBeCloseTo(3, 9);
    expect(b?.remaining).toBeCloseTo(-2, 9);
    expect(b?.remainingMinutes).toBeCloseTo(-86.4, 9);
  });

  it("has no numbers without data", () => {
    expect(budgetOf(null, 99, 28 * DAY)).toBeNull();
  });
});

describe("burn rate", () => {
  it("is the bad fraction over the allowed one", () => {
    expect(allowedBadFraction(99.9)).toBeCloseTo(0.001, 15);
    // Leaderboard: 80 % of requests under 3 s against 99 % → 0.2 / 0.01 = 20.
    expect(burnRateOf(0.8, 99)).toBeCloseTo(20, 9);
    // Exactly on target burns at 1.
    expect(burnRateOf(0.999, 99.9)).toBeCloseTo(1, 9);
    expect(burnRateOf(1, 99.9)).toBe(0);
    expect(burnRateOf(null, 99.9)).toBeNull();
  });
});

describe("multi-window multi-burn-rate conditions", () => {
  it("are the workbook's for 30 d and scale with the window for 28 d", () => {
    expect(burnConditions(30 * DAY).map((c) => c.factor)).toEqual([14.4, 6, 3, 1]);
    // × 28/30: 14.4 → 13.44, 6 → 5.6, 3 → 2.8, 1 → 0.9333…
    const f28 = burnConditions(28 * DAY).map((c) => c.factor);
    [13.44, 5.6, 2.8, 0.93333].forEach((v, i) => expect(f28[i]).toBeCloseTo(v, 4));
    expect(burnConditions(28 * DAY).map((c) => `${c.severity}:${c.long}/${c.short}`)).toEqual(["page:1h/5m", "page:6h/30m", "ticket:1d/2h", "ticket:3d/6h"]);
  });

  it("page only when both windows of a pair burn", () => {
    const w = 30 * DAY;
    // 1 h at 15 but 5 m recovered to 2: the short window says it is over, no page.
    expect(evaluateBurnState(burns({ "1h": 15, "5m": 2, "6h": 3, "30m": 3, "1d": 1, "2h": 1, "3d": 0.5 }), w, 10, null).state).toBe("ok");
    const paging = evaluateBurnState(burns({ "1h": 15, "5m": 16, "6h": 3, "30m": 3 }), w, 10, null);
    expect(paging.state).toBe("page");
    expect(paging.firing).toEqual([{ severity: "page", long: "1h", short: "5m", factor: 14.4, longBurn: 15, shortBurn: 16 }]);
    // 6 h / 30 m at exactly 6 pages (≥).
    expect(evaluateBurnState(burns({ "6h": 6, "30m": 6 }), w, 10, null).state).toBe("page");
    expect(evaluateBurnState(burns({ "1d": 3, "2h": 3.5 }), w, 10, null).state).toBe("ticket");
    expect(evaluateBurnState(burns({ "3d": 1, "6h": 1.2 }), w, 10, null).state).toBe("ticket");
    expect(evaluateBurnState(burns({ "3d": 0.99, "6h": 1.2 }), w, 10, null).state).toBe("ok");
  });

  it("28 d thresholds are lower: 14 over 1 h pages there but not at 30 d", () => {
    // 14 ≥ 13.44 (28 d) but < 14.4 (30 d).
    expect(evaluateBurnState(burns({ "1h": 14, "5m": 14 }), 28 * DAY, 10, null).state).toBe("page");
    expect(evaluateBurnState(burns({ "1h": 14, "5m": 14 }), 30 * DAY, 10, null).state).toBe("ok");
  });

  it("stays quiet below the minimum request rate and says no data without traffic", () => {
    expect(evaluateBurnState(burns({ "1h": 50, "5m": 50 }), 30 * DAY, 0.05, 0.1)).toEqual({ state: "quiet", firing: [] });
    expect(evaluateBurnState(burns({ "1h": 50, "5m": 50 }), 30 * DAY, 0.2, 0.1).state).toBe("page");
    expect(evaluateBurnState(none, 30 * DAY, 0, 0.1).state).toBe("no-data");
  });
});

describe("time to exhaustion", () => {
  it("is remaining × window / 1 h burn", () => {
    // Half the budget left of 28 d, burning 20×: 0.5 × 28 d / 20 = 0.7 d = 16.8 h.
    expect(exhaustionInMs(0.5, 20, 28 * DAY)).toBeCloseTo(16.8 * HOUR, 3);
    // Burning exactly 1 with the full budget: one whole window.
    expect(exhaustionInMs(1, 1, 30 * DAY)).toBe(30 * DAY);
    expect(exhaustionInMs(-0.2, 20, 28 * DAY)).toBe(0);
    expect(exhaustionInMs(0.5, 0, 28 * DAY)).toBeNull();
    expect(exhaustionInMs(null, 3, 28 * DAY)).toBeNull();
  });
});

const def: SloDefinition = {
  id: "leaderboard-api.latency.eu-west-1",
  service: "leaderboard-api",
  region: "eu-west-1",
  name: "latency",
  description: "",
  kind: "latency",
  objective: 99,
  windowMs: 28 * DAY,
  thresholdMs: 3000,
  minRequestRate: 1,
  labels: {},
  query: { good: "g[{{.window}}]", error: null, total: "t[{{.window}}]" },
};
const r = (good: number, total: number): WindowRates => ({ good, total });

describe("an SLO's status", () => {
  it("reproduces the Leaderboard breach: 80 % fast for the last 3 h of a 28-day window", () => {
    // 3 h at 20 % slow out of 672 h at 99.9 % elsewhere:
    //   bad = (3 × 0.2 + 669 × 0.001) / 672 = (0.6 + 0.669) / 672 = 1.269 / 672 = 0.0018884
    //   SLI = 0.9981116 → consumed = 0.18884 budgets, remaining 0.81116 = 327.07 of 403.2 min.
    //   Burn 1 h = 5 m = 0.2 / 0.01 = 20 ≥ 13.44 → page. ETA = 0.81116 × 28 d / 20 = 1.13562 d = 27.25 h.
    const total = 50;
    const rates: SloWindowRates = {
      slo: def.id,
      at: 0,
      window: r(total * (1 - 1.269 / 672), total),
      burn: { "5m": r(40, 50), "30m": r(40, 50), "1h": r(40, 50), "2h": r(40, 50), "6h": r(0.5 * 40 + 0.5 * 49.95, 50), "1d": r(49.75, 50), "3d": r(49.9, 50) },
      notes: [],
    };
    const s = computeSloStatus(def, rates);
    expect(s.sli).toBeCloseTo(0.9981116, 6);
    expect(s.met).toBe(true);
    expect(s.budget?.consumed).toBeCloseTo(0.18884, 4);
    expect(s.budget?.remainingMinutes).toBeCloseTo(327.07, 1);
    expect(s.burnRates["1h"]).toBeCloseTo(20, 9);
    // 6 h: 0.5 × 0.2 + 0.5 × 0.001 = 0.1005 bad → burn 10.05 ≥ 5.6, 30 m at 20: the second page pair fires too.
    expect(s.burnRates["6h"]).toBeCloseTo(10.05, 6);
    expect(s.state).toBe("page");
    expect(s.firing.map((f) => `${f.long}/${f.short}`)).toEqual(["1h/5m", "6h/30m"]);
    expect(s.exhaustionInMs! / HOUR).toBeCloseTo(27.255, 2);
    expect(s.requestRate).toBe(50);

    const gate = evaluateGate([s], { regions: ["eu-west-1"] });
    expect(gate.blocked).toBe(true);
    expect(gate.reasons.map((x) => x.kind)).toEqual(["page-burn"]);
    expect(evaluateGate([s], { regions: ["us-east-1"] }).blocked).toBe(false);
    expect(evaluateGate([s], { services: ["leaderboard-bff"] }).blocked).toBe(false);
  });

  it("zero traffic everywhere is no data, and no data does not block but is listed", () => {
    const empty: SloWindowRates = {
      slo: def.id,
      at: 0,
      window: r(0, 0),
      burn: { "5m": r(0, 0), "30m": null, "1h": r(0, 0), "2h": null, "6h": null, "1d": null, "3d": null },
      notes: ["no series"],
    };
    const s = computeSloStatus(def, empty);
    expect(s.sli).toBeNull();
    expect(s.met).toBeNull();
    expect(s.budget).toBeNull();
    expect(s.state).toBe("no-data");
    expect(s.exhaustionInMs).toBeNull();
    expect(evaluateGate([s])).toEqual({ blocked: false, reasons: [], unknown: [def.id] });
  });

  it("an exhausted budget blocks even when nothing burns now", () => {
    // SLI 98.5 % against 99 %: 1.5 budgets spent → remaining −0.5, ETA 0.
    const calm = r(50, 50);
    const s = computeSloStatus(def, { slo: def.id, at: 0, window: r(98.5, 100), burn: { "5m": calm, "30m": calm, "1h": calm, "2h": calm, "6h": calm, "1d": calm, "3d": calm }, notes: [] });
    expect(s.met).toBe(false);
    expect(s.budget?.remaining).toBeCloseTo(-0.5, 9);
    expect(s.exhaustionInMs).toBe(0);
    expect(s.state).toBe("ok");
    expect(evaluateGate([s]).reasons).toEqual([expect.objectContaining({ kind: "budget-exhausted" })]);
  });

  it("the gate fails closed: stale, never collected, failing queries or no series at all block; an empty services list means every service", () => {
    const calm = r(999, 1000);
    const ok = computeSloStatus(def, { slo: def.id, at: 0, window: calm, burn: { "5m": calm, "30m": calm, "1h": calm, "2h": calm, "6h": calm, "1d": calm, "3d": calm }, notes: [] });
    expect(ok.state).toBe("ok");
    expect(evaluateGate([{ ...ok, collected: true, noDataSince: null, errors: [] }]).blocked).toBe(false);

    const stale = evaluateGate([{ ...ok, collected: true, noDataSince: "2026-11-29T03:00:00.000Z", noDataReason: "connection timed out" }], { regions: ["eu-west-1"] });
    expect(stale.reasons).toEqual([expect.objectContaining({ kind: "no-data", detail: expect.stringMatching(/no SLO data since 2026-11-29T03:00:00.000Z \(connection timed out\)/) })]);
    expect(evaluateGate([{ ...ok, collected: false, noDataReason: "not collected yet" }]).reasons.map((x) => x.kind)).toEqual(["no-data"]);
    expect(evaluateGate([{ ...ok, errors: ["total query: parse error"] }]).blocked).toBe(true);
    const noSeries = computeSloStatus(def, { slo: def.id, at: 0, window: null, burn: { "5m": null, "30m": null, "1h": null, "2h": null, "6h": null, "1d": null, "3d": null }, notes: ["1h: the total query returned no series"] });
    expect(evaluateGate([noSeries]).reasons).toEqual([expect.objectContaining({ kind: "no-data", detail: expect.stringContaining("returned no series") })]);

    // The region scope still applies; an empty service list is every service, a list narrows.
    expect(evaluateGate([{ ...ok, noDataSince: "x" }], { regions: ["us-east-1"] }).blocked).toBe(false);
    expect(evaluateGate([{ ...ok, noDataSince: "x" }], { regions: ["eu-west-1"], services: [] }).blocked).toBe(true);
    expect(evaluateGate([{ ...ok, noDataSince: "x" }], { regions: ["eu-west-1"], services: ["someone-else"] }).blocked).toBe(false);
  });
});
