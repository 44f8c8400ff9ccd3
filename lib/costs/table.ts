import { monthStart } from "./dates";
import type { CostGroupBy, CostPoint, CostRecord, DateRange, Granularity } from "./types";

/**
 * Columnar cost facts: one row per service × region × day, dimensions as small integer indexes into
 * `days`, `regions` and `services`. 400k rows roll up in milliseconds where an array of objects and
 * string-keyed maps take hundreds. Amounts are integer micros held in a Float64Array (exact below 2^53).
 */
export type CostTable = {
  /** Distinct days, ascending. */
  days: string[];
  regions: string[];
  services: Array<{ id: string; system: string; team: string }>;
  day: Uint32Array;
  region: Uint32Array;
  service: Uint32Array;
  amountMicros: Float64Array;
  length: number;
};

export function createCostTable(days: string[], regions: string[], services: CostTable["services"], capacity: number): CostTable {
  return {
    days,
    regions,
    services,
    day: new Uint32Array(capacity),
    region: new Uint32Array(capacity),
    service: new Uint32Array(capacity),
    amountMicros: new Float64Array(capacity),
    length: 0,
  };
}

export function costTableFromRecords(records: readonly CostRecord[]): CostTable {
  const days = [...new Set(records.map((r) => r.date))].sort();
  const regions = [...new Set(records.map((r) => r.region))].sort();
  const services: CostTable["services"] = [];
  const serviceIndex = new Map<string, number>();
  for (const r of records) {
    if (!serviceIndex.has(r.service)) {
      serviceIndex.set(r.service, services.length);
      services.push({ id: r.service, system: r.system, team: r.team });
    }
  }
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const regionIndex = new Map(regions.map((d, i) => [d, i]));
  const t = createCostTable(days, regions, services, records.length);
  for (const r of records) {
    const i = t.length++;
    t.day[i] = dayIndex.get(r.date) ?? 0;
    t.region[i] = regionIndex.get(r.region) ?? 0;
    t.service[i] = serviceIndex.get(r.service) ?? 0;
    t.amountMicros[i] = r.amountMicros;
  }
  return t;
}

export function costTableToRecords(t: CostTable): CostRecord[] {
  const out = new Array<CostRecord>(t.length);
  for (let i = 0; i < t.length; i++) {
    const s = t.services[t.service[i]];
    out[i] = { date: t.days[t.day[i]], region: t.regions[t.region[i]], service: s.id, system: s.system, team: s.team, amountMicros: t.amountMicros[i] };
  }
  return out;
}

/** Row dimension → group index, and the group names. */
function groups(t: CostTable, groupBy: CostGroupBy): { names: string[]; of: (row: number) => number } {
  if (groupBy === "region") return { names: t.regions, of: (i) => t.region[i] };
  if (groupBy === "service") return { names: t.services.map((s) => s.id), of: (i) => t.service[i] };
  const names: string[] = [];
  const index = new Map<string, number>();
  const byService = new Uint32Array(t.services.length);
  t.services.forEach((s, k) => {
    const name = groupBy === "team" ? s.team : s.system;
    let g = index.get(name);
    if (g === undefined) index.set(name, (g = names.push(name) - 1));
    byService[k] = g;
  });
  return { names, of: (i) => byService[t.service[i]] };
}

/** Sums per (period, group), sorted by period then key; only cells that had rows are returned. */
export function rollupTable(t: CostTable, groupBy: CostGroupBy, granularity: Granularity, range?: DateRange): CostPoint[] {
  const periods: string[] = [];
  const periodOfDay = new Int32Array(t.days.length).fill(-1);
  for (let d = 0; d < t.days.length; d++) {
    const day = t.days[d];
    if (range && (day < range.from || day > range.to)) continue;
    const p = granularity === "daily" ? day : monthStart(day);
    if (periods[periods.length - 1] !== p) periods.push(p);
    periodOfDay[d] = periods.length - 1;
  }
  const { names, of } = groups(t, groupBy);
  const nP = periods.length;
  const sums = new Float64Array(names.length * nP);
  const seen = new Uint8Array(names.length * nP);
  for (let i = 0; i < t.length; i++) {
    const p = periodOfDay[t.day[i]];
    if (p < 0) continue;
    const cell = of(i) * nP + p;
    sums[cell] += t.amountMicros[i];
    seen[cell] = 1;
  }
  const order = names.map((n, k) => k).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const out: CostPoint[] = [];
  for (let p = 0; p < nP; p++)
    for (const k of order) {
      const cell = k * nP + p;
      if (seen[cell]) out.push({ date: periods[p], key: names[k], amountMicros: sums[cell] });
    }
  return out;
}

/** Monthly totals per service × region: the small input the cost-of-redundancy view needs. */
export function listServiceRegionMonths(t: CostTable, range?: DateRange): Array<{ date: string; service: string; region: string; amountMicros: number }> {
  return listServiceRegionTotals(t, "monthly", range);
}

/** Totals per service × region × period (daily: the days of a month in which roles changed). */
export function listServiceRegionTotals(t: CostTable, granularity: Granularity, range?: DateRange): Array<{ date: string; service: string; region: string; amountMicros: number }> {
  const months: string[] = [];
  const monthOfDay = new Int32Array(t.days.length).fill(-1);
  for (let d = 0; d < t.days.length; d++) {
    const day = t.days[d];
    if (range && (day < range.from || day > range.to)) continue;
    const m = granularity === "daily" ? day : monthStart(day);
    if (months[months.length - 1] !== m) months.push(m);
    monthOfDay[d] = months.length - 1;
  }
  const nM = months.length;
  const nR = t.regions.length;
  const sums = new Float64Array(t.services.length * nR * nM);
  const seen = new Uint8Array(sums.length);
  for (let i = 0; i < t.length; i++) {
    const m = monthOfDay[t.day[i]];
    if (m < 0) continue;
    const cell = (t.service[i] * nR + t.region[i]) * nM + m;
    sums[cell] += t.amountMicros[i];
    seen[cell] = 1;
  }
  const out: Array<{ date: string; service: string; region: string; amountMicros: number }> = [];
  for (let s = 0; s < t.services.length; s++)
    for (let r = 0; r < nR; r++)
      for (let m = 0; m < nM; m++) {
        const cell = (s * nR + r) * nM + m;
        if (seen[cell]) out.push({ date: months[m], service: t.services[s].id, region: t.regions[r], amountMicros: sums[cell] });
      }
  return out;
}
