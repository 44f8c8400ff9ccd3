import { describe, expect, it } from "vitest";
import { forecastDaily, forecastEndOfMonth, forecastMonthly } from "./forecast";
import { listTopMovers } from "./movers";
import { getCostOfRedundancy, listProtectedServices } from "./redundancy";
import { monthToDate, pivot, regroupPoints, rollup, totalsByKey, totalsByPeriod } from "./rollup";
import { eachDay } from "./dates";
import type { CostRecord } from "./types";

const rec = (date: string, region: string, service: string, amountMicros: number, team = "t1", system = "s1"): CostRecord => ({
  date,
  region,
  service,
  system,
  team,
  amountMicros,
});

const records: CostRecord[] = [
  rec("2025-01-30", "eu-west-1", "api", 100_000), // 0.10
  rec("2025-01-31", "eu-west-1", "api", 200_000), // 0.20
  rec("2025-01-31", "us-east-1", "api", 50_000, "t2"),
  rec("2025-02-01", "eu-west-1", "db", 1_005_000, "t2", "s2"), // 1.005
  rec("2025-02-01", "us-east-1", "db", 300_000, "t2", "s2"),
];

describe("roll-ups", () => {
  it("sums by region per month and per day, sorted by period then key", () => {
    expect(rollup(records, "region", "monthly")).toEqual([
      { date: "2025-01-01", key: "eu-west-1", amountMicros: 300_000 },
      { date: "2025-01-01", key: "us-east-1", amountMicros: 50_000 },
      { date: "2025-02-01", key: "eu-west-1", amountMicros: 1_005_000 },
      { date: "2025-02-01", key: "us-east-1", amountMicros: 300_000 },
    ]);
    expect(rollup(records, "team", "daily", { from: "2025-01-31", to: "2025-01-31" })).toEqual([
      { date: "2025-01-31", key: "t1", amountMicros: 200_000 },
      { date: "2025-01-31", key: "t2", amountMicros: 50_000 },
    ]);
  });

  it("regroups daily points into months and totals them", () => {
    const daily = rollup(records, "service", "daily");
    expect(regroupPoints(daily, "monthly")).toEqual(rollup(records, "service", "monthly"));
    // api 0.10 + 0.20 + 0.05 = 0.35; db 1.005 + 0.30 = 1.305.
    expect(totalsByKey(daily)).toEqual([
      { key: "db", amountMicros: 1_305_000 },
      { key: "api", amountMicros: 350_000 },
    ]);
    expect(totalsByPeriod(daily).map((t) => t.amountMicros)).toEqual([100_000, 250_000, 1_305_000]);
  });

  it("pivots for a stacked chart, folding small groups into Other", () => {
    const pts = [
      { date: "2025-01-01", key: "a", amountMicros: 5 },
      { date: "2025-01-01", key: "b", amountMicros: 3 },
      { date: "2025-02-01", key: "c", amountMicros: 1 },
      { date: "2025-02-01", key: "a", amountMicros: 2 },
    ];
    expect(pivot(pts, 2)).toEqual({ periods: ["2025-01-01", "2025-02-01"], keys: ["a", "Other"], values: [[5, 2], [3, 1]] });
  });

  it("month-to-date against the same point of last month, clamped at short months", () => {
    const daily = [
      { date: "2025-02-27", amountMicros: 1_000_000 },
      { date: "2025-02-28", amountMicros: 2_000_000 },
      { date: "2025-03-01", amountMicros: 500_000 },
      { date: "2025-03-30", amountMicros: 1_500_000 },
      { date: "2025-03-31", amountMicros: 9_000_000 }, // after asOf: not counted
    ];
    // asOf Mar 30: March = 0.5 + 1.5 = 2.0; Feb through "the 30th" = all 28 days = 1 + 2 = 3.0.
    expect(monthToDate(daily, "2025-03-30")).toEqual({
      from: "2025-03-01",
      to: "2025-03-30",
      amountMicros: 2_000_000,
      previous: { from: "2025-02-01", to: "2025-02-28", amountMicros: 3_000_000 },
      deltaMicros: -1_000_000,
      deltaRatio: -1 / 3,
    });
  });
});

describe("forecast (trailing 28-day weekday average)", () => {
  // 56 days ending Sunday 2025-03-02: weekdays cost 10.00, weekends 4.00, flat.
  const days = eachDay("2025-01-06", "2025-03-02");
  const flat = days.map((date) => {
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { date, amountMicros: wd === 0 || wd === 6 ? 4_000_000 : 10_000_000 };
  });

  it("reproduces the weekly shape when spend is flat", () => {
    const f = forecastDaily(flat, "2025-03-02", 7);
    expect(f.map((p) => p.date)).toEqual(eachDay("2025-03-03", "2025-03-09"));
    expect(f.map((p) => p.meanMicros)).toEqual([10, 10, 10, 10, 10, 4, 4].map((x) => x * 1_000_000));
  });

  it("end of month = March 1–2 actual + 29 forecast days", () => {
    // Mar 1 (Sat) + Mar 2 (Sun) = 8.00. Mar 3–31: 29 days = 21 weekdays × 10 + 8 weekend days × 4 = 242.00.
    expect(forecastEndOfMonth(flat, "2025-03-02")).toEqual({
      month: "2025-03-01",
      actualMicros: 8_000_000,
      remainingMicros: 242_000_000,
      totalMicros: 250_000_000,
      remainingDays: 29,
    });
  });

  it("grows by the 28-day ratio: a day four weeks later is r times the day before it", () => {
    // Second 28 days cost twice the first: r = 2, so day k + 28 = 2 × day k.
    const growing = flat.map((d, i) => ({ date: d.date, amountMicros: i < 28 ? d.amountMicros : d.amountMicros * 2 }));
    const f = forecastDaily(growing, "2025-03-02", 35);
    expect(f[28].meanMicros / f[0].meanMicros).toBeCloseTo(2, 6);
    expect(f[0].meanMicros).toBeGreaterThan(20_000_000);
  });

  it("does not repeat a 1st-of-month charge every week, and repeats it on the next 1st", () => {
    // Upfront commitments: +100.00 on Feb 1 (Sat) and Mar 1 (Sat) on top of the flat shape.
    const withFirsts = flat.map((d) => (d.date.endsWith("-01") ? { ...d, amountMicros: d.amountMicros + 100_000_000 } : d));
    const f = forecastDaily(withFirsts, "2025-03-02", 35);
    const at = (day: string) => f.find((p) => p.date === day)?.meanMicros;
    expect(at("2025-03-08")).toBe(4_000_000);
    expect(at("2025-03-15")).toBe(4_000_000);
    // Apr 1 is a Tuesday: 10.00 plus the 100.00 excess (flat: r = 1).
    expect(at("2025-04-01")).toBe(110_000_000);
  });

  it("monthly forecast sums whole following months", () => {
    const m = forecastMonthly(flat, "2025-03-02", 2);
    // April 2025: 22 weekdays, 8 weekend days → 22 × 10 + 8 × 4 = 252.00; May: 22 weekdays, 9 weekend days → 256.00.
    // Flat spend has no spread: the 80 % interval collapses onto the mean.
    expect(m).toEqual([
      { date: "2025-04-01", meanMicros: 252_000_000, lowerMicros: 252_000_000, upperMicros: 252_000_000 },
      { date: "2025-05-01", meanMicros: 256_000_000, lowerMicros: 256_000_000, upperMicros: 256_000_000 },
    ]);
  });

  it("gives an 80 % prediction interval from the spread around the weekday means, widening with the horizon", () => {
    // Weekdays alternate 9.00 / 11.00 around a 10.00 mean: residuals of ±1.00 on 20 weekdays, 0 on weekends.
    const noisy = flat.map((d, i) => (d.amountMicros === 10_000_000 ? { ...d, amountMicros: i % 2 ? 11_000_000 : 9_000_000 } : d));
    const f = forecastDaily(noisy, "2025-03-02", 35);
    for (const p of f) {
      expect(p.lowerMicros).toBeLessThan(p.meanMicros);
      expect(p.upperMicros).toBeGreaterThan(p.meanMicros);
    }
    // The 28 days hold 20 weekdays (residual ±1.00) and 27 days once March 1st is left out: σ = √(20 / (27 − 7)) = 1.00.
    const sigma = 1_000_000;
    expect(f[0].upperMicros! - f[0].meanMicros).toBeCloseTo(1.2816 * sigma * Math.sqrt(1 + 1 / 28), -1);
    expect(f[34].upperMicros! - f[34].meanMicros).toBeGreaterThan(f[0].upperMicros! - f[0].meanMicros);
    const m = forecastMonthly(noisy, "2025-03-02", 1);
    expect(m[0].lowerMicros!).toBeLessThan(m[0].meanMicros);
    expect(m[0].upperMicros! - m[0].meanMicros).toBeCloseTo(m[0].meanMicros - m[0].lowerMicros!, -1);
  });
});

describe("top movers", () => {
  it("ranks by absolute change, both directions, new groups without a ratio", () => {
    const cur = [
      { date: "2025-02-01", key: "a", amountMicros: 150 },
      { date: "2025-02-01", key: "b", amountMicros: 10 },
      { date: "2025-02-01", key: "new", amountMicros: 30 },
      { date: "2025-02-01", key: "same", amountMicros: 5 },
    ];
    const prev = [
      { date: "2025-01-01", key: "a", amountMicros: 100 },
      { date: "2025-01-01", key: "b", amountMicros: 90 },
      { date: "2025-01-01", key: "same", amountMicros: 5 },
    ];
    expect(listTopMovers(cur, prev, 2)).toEqual([
      { key: "b", currentMicros: 10, previousMicros: 90, deltaMicros: -80, deltaRatio: -80 / 90 },
      { key: "a", currentMicros: 150, previousMicros: 100, deltaMicros: 50, deltaRatio: 0.5 },
    ]);
    expect(listTopMovers(cur, prev).map((m) => m.key)).toEqual(["b", "a", "new"]);
  });
});

describe("cost of redundancy", () => {
  const services = [
    { id: "db", name: "DB", team: "t2", system: "s2", stateful: true, tier: "standard", roles: { "eu-west-1": "active", "us-east-1": "dormant" } as const },
    { id: "api", name: "API", team: "t1", system: "s1", stateful: false, tier: "standard", roles: { "eu-west-1": "active", "us-east-1": "dormant" } as const },
    { id: "pay", name: "Pay", team: "t1", system: "s1", stateful: false, tier: "critical", roles: { "eu-west-1": "active-active", "us-east-1": "active-active" } as const },
  ];

  it("protects only stateful or critical services with a dormant region", () => {
    expect(listProtectedServices(services)).toEqual([
      { id: "db", name: "DB", team: "t2", system: "s2", dormantRegions: ["us-east-1"], activeRegions: ["eu-west-1"] },
    ]);
  });

  it("sums dormant spend, its share of all spend and the monthly trend", () => {
    const rows = [
      { date: "2025-01-10", service: "db", region: "eu-west-1", amountMicros: 7_000_000 },
      { date: "2025-01-10", service: "db", region: "us-east-1", amountMicros: 3_000_000 },
      { date: "2025-01-10", service: "api", region: "us-east-1", amountMicros: 10_000_000 }, // not protected
      { date: "2025-02-10", service: "db", region: "us-east-1", amountMicros: 1_000_000 },
      { date: "2025-02-10", service: "db", region: "eu-west-1", amountMicros: 3_000_000 },
    ];
    const r = getCostOfRedundancy(rows, listProtectedServices(services));
    // DR = 3 + 1 = 4.00 of all 24.00 → 1/6. DB's own spend 14.00 → 4/14.
    expect(r.totalMicros).toBe(4_000_000);
    expect(r.allSpendMicros).toBe(24_000_000);
    expect(r.share).toBeCloseTo(1 / 6, 12);
    expect(r.services).toEqual([
      { serviceId: "db", name: "DB", team: "t2", dormantRegions: [{ region: "us-east-1", amountMicros: 4_000_000 }], dormantMicros: 4_000_000, serviceTotalMicros: 14_000_000, shareOfService: 4 / 14 },
    ]);
    expect(r.trend).toEqual([
      { month: "2025-01-01", amountMicros: 3_000_000, allSpendMicros: 20_000_000, share: 0.15 },
      { month: "2025-02-01", amountMicros: 1_000_000, allSpendMicros: 4_000_000, share: 0.25 },
    ]);
  });

  it("counts each row's dormant share: a failover mid-range moves what counts, the days before keep their figures", () => {
    const history = [{ "eu-west-1": "active", "us-east-1": "dormant" } as const, { "eu-west-1": "dormant", "us-east-1": "active" } as const];
    const [db] = listProtectedServices(services.slice(0, 1), () => history);
    // Dormant in either region at some point in the range: both are listed.
    expect(db.dormantRegions).toEqual(["eu-west-1", "us-east-1"]);
    const rows = [
      { date: "2025-01-09", service: "db", region: "eu-west-1", amountMicros: 10_000_000 },
      { date: "2025-01-09", service: "db", region: "us-east-1", amountMicros: 4_000_000 },
      // The failover day: eu-west-1 dormant for the last quarter, us-east-1 for the first three.
      { date: "2025-01-10", service: "db", region: "eu-west-1", amountMicros: 10_000_000 },
      { date: "2025-01-10", service: "db", region: "us-east-1", amountMicros: 4_000_000 },
    ];
    const share = (r: { date: string; region: string }) => (r.date === "2025-01-09" ? (r.region === "us-east-1" ? 1 : 0) : r.region === "us-east-1" ? 0.75 : 0.25);
    const r = getCostOfRedundancy(rows, [db], share);
    expect(r.services[0].dormantRegions).toEqual([{ region: "eu-west-1", amountMicros: 2_500_000 }, { region: "us-east-1", amountMicros: 7_000_000 }]);
    expect(r.totalMicros).toBe(9_500_000);
  });
});
