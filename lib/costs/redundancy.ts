import { monthStart } from "./dates";

// Cost of redundancy: what the dormant replicas of protected services cost, i.e. what disaster
// recovery costs while nothing is failing.

export type RoleMap = Record<string, "active" | "dormant" | "active-active">;

export type ProtectedService = { id: string; name: string; team: string; system: string; dormantRegions: string[]; activeRegions: string[] };

/**
 * Protected = stateful or critical, with at least one dormant region to fail over to. `rolesInRange`
 * gives every role map the service held over the range asked (a failover makes two): a region
 * dormant in any of them is one of its dormant regions. Default (or none given): its current roles.
 */
export function listProtectedServices(
  services: ReadonlyArray<{ id: string; name: string; team: string; system: string; stateful: boolean; tier: string; roles: RoleMap }>,
  rolesInRange: (serviceId: string) => RoleMap[] = () => [],
): ProtectedService[] {
  const out: ProtectedService[] = [];
  for (const s of services) {
    if (!s.stateful && s.tier !== "critical") continue;
    const roles = Object.entries(s.roles);
    const inRange = rolesInRange(s.id);
    const held = inRange.length ? inRange : [s.roles];
    const dormantRegions = [...new Set(held.flatMap((m) => Object.entries(m).filter(([, r]) => r === "dormant").map(([region]) => region)))].sort();
    if (dormantRegions.length === 0) continue;
    const activeRegions = roles.filter(([, r]) => r !== "dormant").map(([region]) => region).sort();
    out.push({ id: s.id, name: s.name, team: s.team, system: s.system, dormantRegions, activeRegions });
  }
  return out;
}

export type RedundancyInput = { date: string; service: string; region: string; amountMicros: number };

/**
 * Share of a row's spend that was dormant (0..1): the part of its period (a day, or a month with no
 * role change in it) during which the region was dormant for the service, as recorded then.
 */
export type DormantShare = (row: RedundancyInput) => number;

export type ServiceRedundancy = {
  serviceId: string;
  name: string;
  team: string;
  dormantRegions: Array<{ region: string; amountMicros: number }>;
  dormantMicros: number;
  serviceTotalMicros: number;
  /** Dormant spend as a share of the service's own spend. */
  shareOfService: number | null;
};

export type CostOfRedundancy = {
  services: ServiceRedundancy[];
  totalMicros: number;
  allSpendMicros: number;
  /** What disaster recovery costs as a share of all spend in the range. */
  share: number | null;
  trend: Array<{ month: string; amountMicros: number; allSpendMicros: number; share: number | null }>;
};

/**
 * `rows` are costs by service × region (any granularity); all spend counts towards the share. Without
 * `dormantShare`, a row counts whole when its region is one of the service's dormant regions.
 */
export function getCostOfRedundancy(rows: readonly RedundancyInput[], protectedServices: readonly ProtectedService[], dormantShare?: DormantShare): CostOfRedundancy {
  const dormant = new Map<string, Set<string>>(protectedServices.map((s) => [s.id, new Set(s.dormantRegions)]));
  const perService = new Map<string, { total: number; byRegion: Map<string, number> }>();
  const months = new Map<string, { dr: number; all: number }>();
  let all = 0;
  let dr = 0;
  for (const r of rows) {
    all += r.amountMicros;
    const month = monthStart(r.date);
    let m = months.get(month);
    if (!m) months.set(month, (m = { dr: 0, all: 0 }));
    m.all += r.amountMicros;
    const regions = dormant.get(r.service);
    if (!regions) continue;
    let s = perService.get(r.service);
    if (!s) perService.set(r.service, (s = { total: 0, byRegion: new Map() }));
    s.total += r.amountMicros;
    if (!regions.has(r.region)) continue;
    const share = dormantShare ? dormantShare(r) : 1;
    if (share <= 0) continue;
    const amount = share >= 1 ? r.amountMicros : Math.round(r.amountMicros * share);
    s.byRegion.set(r.region, (s.byRegion.get(r.region) ?? 0) + amount);
    m.dr += amount;
    dr += amount;
  }
  const services = protectedServices
    .map((p): ServiceRedundancy => {
      const s = perService.get(p.id);
      const dormantRegions = p.dormantRegions.map((region) => ({ region, amountMicros: s?.byRegion.get(region) ?? 0 }));
      const dormantMicros = dormantRegions.reduce((a, b) => a + b.amountMicros, 0);
      const serviceTotalMicros = s?.total ?? 0;
      return { serviceId: p.id, name: p.name, team: p.team, dormantRegions, dormantMicros, serviceTotalMicros, shareOfService: serviceTotalMicros ? dormantMicros / serviceTotalMicros : null };
    })
    .sort((a, b) => b.dormantMicros - a.dormantMicros || (a.serviceId < b.serviceId ? -1 : 1));
  const trend = [...months]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, m]) => ({ month, amountMicros: m.dr, allSpendMicros: m.all, share: m.all ? m.dr / m.all : null }));
  return { services, totalMicros: dr, allSpendMicros: all, share: all ? dr / all : null, trend };
}
