import { addDays, dayToMs, daysInMonth, msToDay } from "../dates";
import { costTableToRecords, createCostTable, type CostTable } from "../table";
import type { CostAnomaly, CostMetric, CostRecord, DateRange } from "../types";
import { activeRegionOf, roleSegments } from "@/lib/topology/timeline";
import type { ServiceRole, TopologyService } from "@/lib/topology/types";
import type { DemoFleet } from "@/lib/demo/fleet";
import { hash32, pick, rand } from "@/lib/demo/prng";

// Deterministic daily spend per service × region for the demo fleet. A day's amount depends only on
// (seed, service, region, day, metric, scenario, the roles that day), never on when it is asked, so
// charts stay put: a failover changes the days after it, not the month before. Active regions cost
// most; dormant replicas 25–40 % of that (a day split by a failover costs its share of each); prices
// differ by region; spend grows ~1–3 % a month with a weekly rhythm. The cost-spike scenario
// multiplies one service in one region by 4.

const DAY_MS = 86_400_000;
/** Growth is measured from a fixed day so old days do not change as time passes. */
const GROWTH_EPOCH_MS = Date.UTC(2025, 0, 1);
const SPIKE_FACTOR = 4;
const DEMO_ACCOUNT = "123456789012";

export function demoToday(fleet: DemoFleet): string {
  return msToDay(fleet.at);
}

/** 13 calendar months through today (the current month and the 12 before it). */
export function getDemoCostRange(fleet: DemoFleet): DateRange {
  const today = demoToday(fleet);
  const d = new Date(dayToMs(today));
  return { from: msToDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 12, 1)), to: today };
}

/** us-east-1 is the cheapest; others 3–25 % dearer, as AWS list prices roughly are. */
function regionPriceFactor(seed: number, region: string): number {
  return region === "us-east-1" ? 1 : 1.03 + 0.22 * rand(seed, "cost-region", region);
}

/** Base daily spend of a service at full (active) size in us-east-1, in USD. */
function serviceBaseUsd(seed: number, s: TopologyService): number {
  const r = rand(seed, "cost-base", s.id);
  const base = s.stateful ? 300 + 1200 * r : 60 + 540 * r;
  return s.tier === "critical" ? base * 1.5 : base;
}

export type CostSpike = { service: TopologyService; region: string; since: string };

/** The cost-spike scenario's target: one service with an active region when the spike began, picked by seed; it stays there. */
export function getDemoCostSpike(fleet: DemoFleet): CostSpike | null {
  if (fleet.state.scenario !== "cost-spike") return null;
  const began = Date.parse(fleet.state.scenarioSince);
  const activeThen = (s: TopologyService) => activeRegionOf(fleet.roles.rolesAt(s.id, began));
  const candidates = fleet.topology.services.filter((s) => activeThen(s)).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (candidates.length === 0) return null;
  const service = pick(candidates, rand(fleet.opts.seed, "cost-spike"));
  return { service, region: activeThen(service) ?? "", since: fleet.state.scenarioSince.slice(0, 10) };
}

function roleFactor(seed: number, s: TopologyService, region: string, role: ServiceRole | undefined): number {
  if (role === undefined) return 0;
  return role === "active" ? 1 : role === "active-active" ? 0.75 : 0.25 + 0.15 * rand(seed, "cost-dormant", s.id, region);
}

/**
 * Per region, the role factor of each day (a day split by a role change is the time-weighted mix);
 * a single number where the roles held the whole range (the common case, and the fast one).
 */
function dailyRoleFactors(fleet: DemoFleet, s: TopologyService, start: number, nDays: number): Map<string, number | Float64Array> {
  const end = start + nDays * DAY_MS;
  const segments = roleSegments(fleet.roles, s.id, start, end);
  const regions = [...new Set(segments.flatMap((g) => Object.keys(g.roles)))].sort();
  const out = new Map<string, number | Float64Array>();
  for (const region of regions) {
    if (segments.length === 1) {
      out.set(region, roleFactor(fleet.opts.seed, s, region, segments[0].roles[region]));
      continue;
    }
    const days = new Float64Array(nDays);
    for (const g of segments) {
      const f = roleFactor(fleet.opts.seed, s, region, g.roles[region]);
      if (f === 0) continue;
      for (let i = Math.floor((g.from - start) / DAY_MS); i < nDays && start + i * DAY_MS < g.to; i++) {
        const a = Math.max(g.from, start + i * DAY_MS);
        const b = Math.min(g.to, start + (i + 1) * DAY_MS);
        if (b > a) days[i] += (f * (b - a)) / DAY_MS;
      }
    }
    out.set(region, days);
  }
  return out;
}

/** A fast integer mix for per-day noise (no string building in the hot loop). */
function noise01(a: number, b: number): number {
  let x = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/** Daily cost records in `range` (inclusive); see generateDemoCostTable. */
export function generateDemoCosts(fleet: DemoFleet, range: DateRange, metric: CostMetric = "unblended", only?: { service: string; region: string }): CostRecord[] {
  return costTableToRecords(generateDemoCostTable(fleet, range, metric, only));
}

/**
 * Daily costs in `range` (inclusive), one row per service × region × day where the service runs,
 * as a columnar table (fast to roll up). Today is included as a full-day estimate, as Cost Explorer does.
 */
export function generateDemoCostTable(fleet: DemoFleet, range: DateRange, metric: CostMetric = "unblended", only?: { service: string; region: string }): CostTable {
  const seed = fleet.opts.seed;
  const spike = getDemoCostSpike(fleet);
  const start = dayToMs(range.from);
  const nDays = Math.max(0, Math.round((dayToMs(range.to) - start) / DAY_MS) + 1);

  // Per-day constants, shared by every pair.
  const dates = new Array<string>(nDays);
  const weekend = new Uint8Array(nDays);
  const monthDays = new Uint8Array(nDays);
  const firstOfMonth = new Uint8Array(nDays);
  const growthDays = new Float64Array(nDays);
  for (let i = 0; i < nDays; i++) {
    const t = start + i * DAY_MS;
    const d = new Date(t);
    dates[i] = msToDay(t);
    weekend[i] = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 1 : 0;
    monthDays[i] = daysInMonth(dates[i]);
    firstOfMonth[i] = d.getUTCDate() === 1 ? 1 : 0;
    growthDays[i] = (t - GROWTH_EPOCH_MS) / DAY_MS;
  }

  const services = only ? fleet.topology.services.filter((s) => s.id === only.service) : fleet.topology.services;
  const factors = services.map((s) => {
    const all = dailyRoleFactors(fleet, s, start, nDays);
    return only ? new Map([...all].filter(([r]) => r === only.region)) : all;
  });
  const regions = [...new Set(factors.flatMap((f) => [...f.keys()]))].sort();
  const regionIndex = new Map(regions.map((r, i) => [r, i]));
  const pairs = factors.reduce((n, f) => n + f.size, 0);
  const out = createCostTable(dates, regions, services.map((s) => ({ id: s.id, system: s.system, team: s.team })), pairs * nDays);
  for (let si = 0; si < services.length; si++) {
    const s = services[si];
    const base = serviceBaseUsd(seed, s);
    // ~1–3 % a month, as a continuous daily rate.
    const growthPerDay = Math.log(1 + 0.01 + 0.02 * rand(seed, "cost-growth", s.id)) / 30.44;
    // Stateful services run all week; stateless ones scale down at weekends.
    const weekendFactor = s.stateful ? 0.95 : 0.8;
    // Reserved capacity: billed upfront on the 1st (unblended) or spread over the month (amortized).
    const reserved = s.stateful ? 0.3 : 0.1;
    for (const [region, factor] of factors[si]) {
      const priceFactor = regionPriceFactor(seed, region);
      const pairKey = hash32(`${seed}|${s.id}|${region}`);
      const spikeFrom = spike && spike.service.id === s.id && spike.region === region ? spike.since : null;
      const ri = regionIndex.get(region) ?? 0;
      for (let i = 0; i < nDays; i++) {
        const f = typeof factor === "number" ? factor : factor[i];
        // A day the service did not run here has no row, as Cost Explorer has none.
        if (f === 0) continue;
        const smooth = base * f * priceFactor * Math.exp(growthPerDay * growthDays[i]);
        const usage = smooth * (weekend[i] ? weekendFactor : 1) * (0.96 + 0.08 * noise01(pairKey, growthDays[i]));
        const commitment =
          metric === "amortized" ? (reserved * smooth * 0.6) : firstOfMonth[i] ? reserved * smooth * 0.6 * monthDays[i] : 0;
        let usd = usage * (1 - reserved) + commitment;
        if (spikeFrom !== null && dates[i] >= spikeFrom) usd = usage * (1 - reserved) * SPIKE_FACTOR + commitment;
        const row = out.length++;
        out.day[row] = i;
        out.region[row] = ri;
        out.service[row] = si;
        out.amountMicros[row] = Math.round(usd * 1_000_000);
      }
    }
  }
  return out;
}

function usagePrefix(region: string): string {
  // us-east-1 → USE1, eu-west-1 → EUW1, ap-southeast-2 → APS2: Cost Explorer's usage-type prefixes.
  const [area = "", dir = "", n = ""] = region.split("-");
  return `${area.toUpperCase()}${dir.charAt(0).toUpperCase()}${n}`;
}

/** The AWS service a demo service's spend would show under. */
export function demoAwsService(s: TopologyService): { service: string; usageType: (region: string) => string } {
  return s.stateful
    ? { service: "Amazon Relational Database Service", usageType: (r) => `${usagePrefix(r)}-InstanceUsage:db.r6g.2xlarge` }
    : { service: "Amazon Elastic Compute Cloud - Compute", usageType: (r) => `${usagePrefix(r)}-BoxUsage:m6i.2xlarge` };
}

/**
 * What Cost Anomaly Detection would report: one anomaly while the cost-spike scenario runs, with
 * its impact computed from the same generator (with and without the spike).
 */
export function listDemoAnomalies(fleet: DemoFleet, range: DateRange): CostAnomaly[] {
  const spike = getDemoCostSpike(fleet);
  const today = demoToday(fleet);
  if (!spike || spike.since > range.to || today < range.from) return [];
  const spikeRange = { from: spike.since, to: today };
  const only = { service: spike.service.id, region: spike.region };
  const actual = generateDemoCosts(fleet, spikeRange, "unblended", only);
  const expected = generateDemoCosts({ ...fleet, state: { ...fleet.state, scenario: "steady" } }, spikeRange, "unblended", only);
  let actualMicros = 0;
  let expectedMicros = 0;
  let maxMicros = 0;
  actual.forEach((a, i) => {
    actualMicros += a.amountMicros;
    expectedMicros += expected[i].amountMicros;
    maxMicros = Math.max(maxMicros, a.amountMicros - expected[i].amountMicros);
  });
  const aws = demoAwsService(spike.service);
  const totalMicros = actualMicros - expectedMicros;
  return [
    {
      id: `demo-cost-spike-${spike.service.id}-${spike.region}-${spike.since}`,
      startDate: spike.since,
      endDate: today,
      dimensionValue: aws.service,
      rootCauses: [{ service: aws.service, region: spike.region, usageType: aws.usageType(spike.region), linkedAccount: DEMO_ACCOUNT }],
      impact: {
        maxMicros,
        totalMicros,
        actualMicros,
        expectedMicros,
        percentage: expectedMicros ? Math.round((totalMicros / expectedMicros) * 10_000) / 100 : null,
      },
      score: { max: 0.93, current: spike.since === today ? 0.93 : 0.81 },
      unit: "USD",
      meridianService: spike.service.id,
    },
  ];
}

/** The day before `day`: the last complete day of billing data. */
export function lastCompleteDay(day: string): string {
  return addDays(day, -1);
}
