import { getConfig } from "@/lib/config/store";
import { VERDICT_ORDER } from "@/lib/replication/types";
import { ValidationError } from "@/lib/http/errors";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { roleSegments, roleShare, topologyAt, type TopologyTimeline } from "@/lib/topology/timeline";
import { listReadiness, type ServiceReadiness } from "@/lib/replication/queries";
import type { CostRead } from "./cache";
import { getCostReader, type CostReader } from "./cost-reader";
import { addDays, addMonths, dayToMs, monthStart } from "./dates";
import { FORECAST_METHOD, forecastDaily, forecastMonthly } from "./forecast";
import { lastMonthTotal, latestCompleteMonth, type MonthTotal } from "./headlines";
import { formatMicros } from "./money";
import { listTopMovers, type CostMover } from "./movers";
import { getCostOfRedundancy, listProtectedServices, type CostOfRedundancy } from "./redundancy";
import { monthToDate, sumMicros, totalsByKey, totalsByPeriod, type MonthToDate, type PeriodTotal } from "./rollup";
import { defaultCostRange, rangeProblem } from "./schemas";
import type { ServiceRegionCost } from "./cost-source";
import type { CostAnomaly, CostForecast, CostGroupBy, CostMetric, DateRange, ForecastPoint, Granularity } from "./types";

// Reads for /costs and /api/v1/costs: every page panel and API route calls these, over the demo
// generator or Cost Explorer (through the cache). Amounts stay integer micros end to end.

/** Where an answer came from and how old it is, shown beside every panel. */
export type CostFreshness = { source: string; sourceKind: "demo" | "cost-explorer"; fetchedAt: string; stale: boolean; error: string | null };

function freshness(reader: CostReader, reads: Array<CostRead<unknown>>): CostFreshness {
  const oldest = reads.map((r) => r.fetchedAt).sort()[0] ?? new Date().toISOString();
  const failed = reads.find((r) => r.error);
  return { source: reader.source.name, sourceKind: reader.source.kind, fetchedAt: oldest, stale: reads.some((r) => r.stale), error: failed?.error ?? null };
}

/** `from`/`to` with the 13-month default filled in, checked against the same rule as the schema. */
export function resolveRange(reader: Pick<CostReader, "today">, from?: string, to?: string): DateRange {
  const d = defaultCostRange(reader.today);
  const range = { from: from ?? (to ? addMonths(monthStart(to), -12) : d.from), to: to ?? d.to };
  const problem = rangeProblem(range.from, range.to);
  if (problem) throw new ValidationError(`Invalid query: ${problem.message}`, [{ path: `query.${problem.path}`, message: problem.message }]);
  return range;
}

const withAmount = <T extends { amountMicros: number }>(x: T) => ({ ...x, amount: formatMicros(x.amountMicros, 6) });

export type CostBreakdown = {
  query: { from: string; to: string; granularity: Granularity; metric: CostMetric; groupBy: CostGroupBy };
  unit: string;
  /** One amount per period and group; `amount` is the exact decimal string of amountMicros. */
  points: Array<{ date: string; key: string; amountMicros: number; amount: string }>;
  /** Per group over the whole range, largest first, with its share of the total. */
  totals: Array<{ key: string; amountMicros: number; amount: string; share: number | null }>;
  periods: Array<{ date: string; amountMicros: number }>;
  totalMicros: number;
  total: string;
  estimated: boolean;
  freshness: CostFreshness;
};

export async function getCostBreakdown(
  q: { from?: string; to?: string; granularity: Granularity; metric: CostMetric; groupBy: CostGroupBy },
  reader?: CostReader,
): Promise<CostBreakdown> {
  const r = reader ?? (await getCostReader());
  const range = resolveRange(r, q.from, q.to);
  const read = await r.getCosts(range, q.granularity, q.metric, q.groupBy);
  const s = read.data;
  const totalMicros = sumMicros(s.points);
  return {
    query: { ...range, granularity: q.granularity, metric: q.metric, groupBy: q.groupBy },
    unit: s.unit,
    points: s.points.map(withAmount),
    totals: totalsByKey(s.points).map((t) => ({ ...withAmount(t), share: totalMicros ? t.amountMicros / totalMicros : null })),
    periods: totalsByPeriod(s.points),
    totalMicros,
    total: formatMicros(totalMicros, 6),
    estimated: s.estimated,
    freshness: freshness(r, [read]),
  };
}

export type EndOfMonth = { month: string; actualMicros: number; remainingMicros: number; totalMicros: number; remainingDays: number; method: CostForecast["method"] };

export type CostForecastView = {
  granularity: Granularity;
  metric: CostMetric;
  unit: string;
  method: CostForecast["method"];
  points: ForecastPoint[];
  totalMicros: number;
  /** Actual spend before the forecast starts, for the chart: 60 days daily, 12 months monthly. */
  history: PeriodTotal[];
  endOfMonth: EndOfMonth;
  /** Cost Explorer's forecast failed and the offline method stands in; why. */
  fallbackReason: string | null;
  freshness: CostFreshness;
};

/** Daily totals from the first of last month through today: month-to-date, end of month, movers. */
async function readRecentDaily(r: CostReader, metric: CostMetric, groupBy: CostGroupBy) {
  return r.getCosts({ from: addMonths(monthStart(r.today), -2), to: r.today }, "daily", metric, groupBy);
}

export async function getCostForecastView(q: { granularity: Granularity; metric: CostMetric }, reader?: CostReader): Promise<CostForecastView> {
  const r = reader ?? (await getCostReader());
  const recent = await readRecentDaily(r, q.metric, "service");
  const daily = totalsByPeriod(recent.data.points);
  const reads: Array<CostRead<unknown>> = [recent];
  let forecast: CostForecast;
  let fallbackReason: string | null = null;
  let dailyForecast: ForecastPoint[];
  try {
    const f = await r.getForecast(q.granularity, q.metric);
    reads.push(f);
    forecast = f.data;
    if (q.granularity === "daily") dailyForecast = f.data.points;
    else {
      const d = await r.getForecast("daily", q.metric);
      reads.push(d);
      dailyForecast = d.data.points;
    }
  } catch (error) {
    // Cost Explorer refuses forecasts with too little history; the offline method still answers.
    fallbackReason = error instanceof Error ? error.message : String(error);
    const days = Math.round((Date.parse(addMonths(monthStart(r.today), 4)) - Date.parse(r.today)) / 86_400_000) - 1;
    dailyForecast = forecastDaily(daily, r.today, days);
    const points = q.granularity === "daily" ? dailyForecast : forecastMonthly(daily, r.today, 12);
    forecast = { granularity: q.granularity, metric: q.metric, unit: recent.data.unit, points, totalMicros: sumMicros(points.map((p) => ({ amountMicros: p.meanMicros }))), method: FORECAST_METHOD };
  }
  const month = monthStart(r.today);
  const nextMonth = addMonths(month, 1);
  const actualMicros = sumMicros(daily.filter((d) => d.date >= month && d.date <= r.today));
  const rest = dailyForecast.filter((p) => p.date > r.today && p.date < nextMonth);
  const remainingMicros = rest.reduce((s, p) => s + p.meanMicros, 0);
  let history: PeriodTotal[];
  if (q.granularity === "daily") history = daily.filter((d) => d.date > addDays(r.today, -60));
  else {
    const monthly = await r.getCosts({ from: addMonths(month, -12), to: r.today }, "monthly", q.metric, "region");
    reads.push(monthly);
    history = totalsByPeriod(monthly.data.points);
  }
  return {
    granularity: q.granularity,
    metric: q.metric,
    unit: forecast.unit,
    method: forecast.method,
    points: forecast.points,
    totalMicros: forecast.totalMicros,
    history,
    endOfMonth: {
      month,
      actualMicros,
      remainingMicros,
      totalMicros: actualMicros + remainingMicros,
      remainingDays: Math.round((Date.parse(nextMonth) - Date.parse(r.today)) / 86_400_000) - 1,
      method: forecast.method,
    },
    fallbackReason,
    freshness: freshness(r, reads),
  };
}

export type CostSummary = { today: string; unit: string; monthToDate: MonthToDate; lastMonth: MonthTotal; freshness: CostFreshness };

/** Month-to-date against the same point of last month. */
export async function getCostSummary(metric: CostMetric, reader?: CostReader): Promise<CostSummary> {
  const r = reader ?? (await getCostReader());
  const recent = await readRecentDaily(r, metric, "service");
  const daily = totalsByPeriod(recent.data.points);
  return { today: r.today, unit: recent.data.unit, monthToDate: monthToDate(daily, r.today), lastMonth: lastMonthTotal(daily, r.today), freshness: freshness(r, [recent]) };
}

export type CostMovers = { groupBy: CostGroupBy; unit: string; current: DateRange; previous: DateRange; movers: CostMover[]; freshness: CostFreshness };

/** Which groups moved most: month-to-date against the same days of last month. */
export async function listCostMovers(q: { groupBy: CostGroupBy; metric: CostMetric }, reader?: CostReader): Promise<CostMovers> {
  const r = reader ?? (await getCostReader());
  const recent = await readRecentDaily(r, q.metric, q.groupBy);
  const mtd = monthToDate([], r.today);
  const inRange = (d: string, range: DateRange) => d >= range.from && d <= range.to;
  const current = { from: mtd.from, to: mtd.to };
  const previous = { from: mtd.previous.from, to: mtd.previous.to };
  return {
    groupBy: q.groupBy,
    unit: recent.data.unit,
    current,
    previous,
    movers: listTopMovers(
      recent.data.points.filter((p) => inRange(p.date, current)),
      recent.data.points.filter((p) => inRange(p.date, previous)),
      15,
    ),
    freshness: freshness(r, [recent]),
  };
}

export type RedundancyView = CostOfRedundancy & {
  range: DateRange;
  unit: string;
  /** Dormant spend per region over the range: what each standby region costs. */
  byRegion: Array<{ region: string; amountMicros: number }>;
  /** Failover readiness per service once the replication work provides it; null → shown as "—". */
  readiness: Record<string, { verdict: ServiceReadiness["verdict"]; to: string } | null>;
  /** The headline: one month's dormant spend (the latest complete one), comparable with monthly figures. */
  monthly: { month: string; amountMicros: number; share: number | null; complete: boolean } | null;
  /** Dormant replicas counted (protected service × dormant region) and all in the fleet (what /regions counts). */
  dormantReplicas: { counted: number; all: number };
  freshness: CostFreshness;
};

const VERDICT_RANK = VERDICT_ORDER;

async function readReadiness(): Promise<ServiceReadiness[]> {
  try {
    return await listReadiness();
  } catch {
    // Readiness belongs to another domain; its failure must not take the cost view down.
    return [];
  }
}

function latestMonthly(trend: CostOfRedundancy["trend"], today: string): RedundancyView["monthly"] {
  const m = latestCompleteMonth(trend, today);
  return m && { month: m.month, amountMicros: m.amountMicros, share: m.share, complete: m.complete };
}

const DAY_MS = 86_400_000;

/** A cost row's period as epoch ms: a day, or (monthly rows) the calendar month clipped to the range. */
function periodOf(row: { date: string }, granularity: Granularity, range: DateRange): [number, number] {
  if (granularity === "daily") return [dayToMs(row.date), dayToMs(row.date) + DAY_MS];
  const from = Math.max(dayToMs(row.date), dayToMs(range.from));
  const to = Math.min(dayToMs(addMonths(monthStart(row.date), 1)), dayToMs(range.to) + DAY_MS);
  return [from, to];
}

/** Months of the range in which any of these services' roles changed: their spend is read per day. */
function monthsWithRoleChanges(timeline: TopologyTimeline, services: string[], range: DateRange): string[] {
  const from = dayToMs(range.from);
  const to = dayToMs(range.to) + DAY_MS;
  const months = new Set<string>();
  for (const s of services) for (const t of timeline.changesBetween(s, from, to)) months.add(monthStart(new Date(t).toISOString().slice(0, 10)));
  return [...months].sort();
}

/**
 * What disaster recovery costs: the dormant replicas of every protected service, each day's spend
 * counted as dormant for the part of the day its region was dormant as recorded then. A failover
 * moves what counts as dormant from that day on; the months before it keep the figures they had.
 */
export async function getRedundancyView(q: { from?: string; to?: string; metric: CostMetric }, reader?: CostReader): Promise<RedundancyView> {
  const r = reader ?? (await getCostReader());
  const range = resolveRange(r, q.from, q.to);
  const config = getConfig();
  const [timeline, readiness] = await Promise.all([loadTopologyTimeline(config), readReadiness()]);
  const rangeFrom = dayToMs(range.from);
  const rangeTo = dayToMs(range.to) + DAY_MS;
  const services = topologyAt(config, timeline, Date.now()).services;
  const protectedServices = listProtectedServices(services, (id) => roleSegments(timeline, id, rangeFrom, rangeTo).map((g) => g.roles));
  // Monthly rows where roles held all month; daily rows for the months a failover split.
  const split = monthsWithRoleChanges(timeline, protectedServices.map((p) => p.id), range);
  const reads = [await r.getServiceRegionCosts(range, q.metric)];
  const daily = new Map<string, ServiceRegionCost[]>();
  for (const month of split) {
    const sub = { from: month < range.from ? range.from : month, to: addDays(addMonths(month, 1), -1) > range.to ? range.to : addDays(addMonths(month, 1), -1) };
    const read = await r.getServiceRegionCosts(sub, q.metric, "daily");
    reads.push(read);
    daily.set(month, read.data.rows);
  }
  const granularityOf = new Map<ServiceRegionCost, Granularity>();
  const rows: ServiceRegionCost[] = [];
  for (const row of reads[0].data.rows) {
    if (daily.has(monthStart(row.date))) continue;
    rows.push(row);
    granularityOf.set(row, "monthly");
  }
  for (const list of daily.values()) for (const row of list) {
    rows.push(row);
    granularityOf.set(row, "daily");
  }
  const cost = getCostOfRedundancy(rows, protectedServices, (row) => {
    const [from, to] = periodOf(row, granularityOf.get(row as ServiceRegionCost) ?? "monthly", range);
    return roleShare(timeline, row.service, row.region, "dormant", from, to);
  });
  const byRegion = new Map<string, number>();
  for (const s of cost.services) for (const d of s.dormantRegions) byRegion.set(d.region, (byRegion.get(d.region) ?? 0) + d.amountMicros);
  const readinessByService: RedundancyView["readiness"] = {};
  for (const s of cost.services) {
    const rows = readiness.filter((x) => x.service === s.serviceId);
    const worst = rows.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict])[0];
    readinessByService[s.serviceId] = worst ? { verdict: worst.verdict, to: worst.to } : null;
  }
  return {
    ...cost,
    range,
    unit: reads[0].data.unit,
    byRegion: [...byRegion].map(([region, amountMicros]) => ({ region, amountMicros })).sort((a, b) => b.amountMicros - a.amountMicros),
    readiness: readinessByService,
    monthly: latestMonthly(cost.trend, r.today),
    dormantReplicas: {
      counted: protectedServices.reduce((n, s) => n + s.dormantRegions.length, 0),
      all: services.reduce((n, s) => n + Object.values(s.roles).filter((role) => role === "dormant").length, 0),
    },
    freshness: freshness(r, reads),
  };
}

export type AnomalyList = { range: DateRange; anomalies: CostAnomaly[]; freshness: CostFreshness };

/** Cost Anomaly Detection keeps 90 days; the default window is the last 90 days through today. */
export async function listCostAnomalies(q: { from?: string; to?: string }, reader?: CostReader): Promise<AnomalyList> {
  const r = reader ?? (await getCostReader());
  const range = q.from || q.to ? resolveRange(r, q.from, q.to) : { from: addDays(r.today, -89), to: r.today };
  const read = await r.getAnomalies(range);
  const anomalies = [...read.data].sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  return { range, anomalies, freshness: freshness(r, [read]) };
}
