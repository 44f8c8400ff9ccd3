import type { MeridianConfig } from "@/lib/config/schema";
import type { AssignmentCause, RoleMap, RolePeriod, RoleResolver, ServiceRole, Topology, TopologyService } from "./types";

// The recorded topology as plain data: per service, the periods over which its roles held. Pure,
// so every view (and the demo fleet) can ask "which roles at t" without touching the database.

export type AssignmentRow = {
  service: string;
  region: string;
  role: string;
  validFrom: Date;
  validTo: Date | null;
  cause: string;
  failoverRunId: string | null;
  actorName: string | null;
  reason: string | null;
};

export type TopologyTimeline = RoleResolver & {
  periods: ReadonlyMap<string, readonly RolePeriod[]>;
  /** The configuration's roles: what a service that has no recorded row yet holds. */
  configured: ReadonlyMap<string, RoleMap>;
  /** Changes whenever the recorded rows do: a cache key for what is computed from the timeline. */
  signature: string;
};

export function configuredRoles(config: Pick<MeridianConfig, "systems">): Map<string, RoleMap> {
  return new Map(config.systems.flatMap((sys) => sys.services.map((s) => [s.id, { ...s.regions }] as const)));
}

export function sameRoles(a: RoleMap, b: RoleMap): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

export function activeRegionOf(roles: RoleMap): string | null {
  return Object.entries(roles).find(([, r]) => r === "active")?.[0] ?? null;
}

/**
 * The roles after `region` takes over: it becomes active, every other active region dormant. Null
 * when the region does not run the service or the service shares traffic (active-active): there
 * is nothing to fail over.
 */
export function withActiveRegion(roles: RoleMap, region: string): RoleMap | null {
  const role = roles[region];
  if (role === undefined || role === "active-active") return null;
  const next: RoleMap = {};
  for (const [r, x] of Object.entries(roles)) next[r] = r === region ? "active" : x === "active" ? "dormant" : x;
  return next;
}

/** Periods of one service from its rows: boundaries at every validFrom/validTo; gaps (no row open) are left out. */
function periodsOf(rows: AssignmentRow[]): RolePeriod[] {
  const bounds = [...new Set(rows.flatMap((r) => [r.validFrom.getTime(), ...(r.validTo ? [r.validTo.getTime()] : [])]))].sort((a, b) => a - b);
  const out: RolePeriod[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1] ?? null;
    const covering = rows.filter((r) => r.validFrom.getTime() <= from && (r.validTo === null || r.validTo.getTime() > from));
    if (covering.length === 0) continue;
    const roles: RoleMap = {};
    for (const r of covering) roles[r.region] = r.role as RoleMap[string];
    // The rows that started here say why the period began.
    const started = covering.find((r) => r.validFrom.getTime() === from) ?? covering[0];
    out.push({ from, to, roles, cause: started.cause as AssignmentCause, failoverRunId: started.failoverRunId, actorName: started.actorName, reason: started.reason });
  }
  return out;
}

/** The period in force at t: the last one starting at or before t; before the first, the first (what was configured stood for the unrecorded past). */
function periodAt(list: readonly RolePeriod[], t: number): RolePeriod | null {
  if (list.length === 0) return null;
  let lo = 0;
  let hi = list.length - 1;
  if (t < list[0].from) return list[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid].from <= t) lo = mid;
    else hi = mid - 1;
  }
  const p = list[lo];
  return p.to !== null && t >= p.to ? null : p;
}

export function buildTimeline(rows: readonly AssignmentRow[], configured: ReadonlyMap<string, RoleMap>, signature = `rows:${rows.length}`): TopologyTimeline {
  const byService = new Map<string, AssignmentRow[]>();
  for (const r of rows) {
    let list = byService.get(r.service);
    if (!list) byService.set(r.service, (list = []));
    list.push(r);
  }
  const periods = new Map<string, RolePeriod[]>();
  for (const [service, list] of byService) periods.set(service, periodsOf(list));
  return {
    periods,
    configured,
    signature,
    rolesAt(service, t) {
      const list = periods.get(service);
      if (!list || list.length === 0) return configured.get(service) ?? {};
      return periodAt(list, t)?.roles ?? {};
    },
    changesBetween(service, from, to) {
      const list = periods.get(service) ?? [];
      const out: number[] = [];
      for (let i = 1; i < list.length; i++) {
        const p = list[i];
        if (p.from <= from || p.from >= to) continue;
        if (!sameRoles(p.roles, list[i - 1].roles) || list[i - 1].to !== p.from) out.push(p.from);
      }
      // A gap ends a service's roles: that is a change too.
      for (const p of list) if (p.to !== null && p.to > from && p.to < to && !list.some((q) => q.from === p.to)) out.push(p.to);
      return [...new Set(out)].sort((a, b) => a - b);
    },
  };
}

/** A timeline with nothing recorded: the configuration's roles for all time (pure tests, benchmarks). */
export function configuredTimeline(config: Pick<MeridianConfig, "systems">): TopologyTimeline {
  return buildTimeline([], configuredRoles(config), "configured");
}

/** Start of the recorded period in force at t, or -Infinity before anything was recorded (used to order the demo's own moves against records). */
export function periodStartAt(timeline: TopologyTimeline, service: string, t: number): number {
  const list = timeline.periods.get(service);
  if (!list || list.length === 0 || t < list[0].from) return Number.NEGATIVE_INFINITY;
  return periodAt(list, t)?.from ?? Number.NEGATIVE_INFINITY;
}

export type RoleSegment = { from: number; to: number; roles: RoleMap };

/** The service's roles over [from, to) as pieces of constant roles, in order. */
export function roleSegments(resolver: RoleResolver, service: string, from: number, to: number): RoleSegment[] {
  const cuts = [from, ...resolver.changesBetween(service, from, to), to];
  const out: RoleSegment[] = [];
  for (let i = 0; i < cuts.length - 1; i++) if (cuts[i + 1] > cuts[i]) out.push({ from: cuts[i], to: cuts[i + 1], roles: resolver.rolesAt(service, cuts[i]) });
  return out;
}

/** A stretch over which a region held one role for a service (null: it did not run there); `to` null = still. */
export type RoleSpan = { role: ServiceRole | null; from: string; to: string | null };

/** The region's roles for the service over [from, to), merged where the role did not change. */
export function roleSpans(resolver: RoleResolver, service: string, region: string, from: number, to: number): RoleSpan[] {
  const spans: RoleSpan[] = [];
  for (const g of roleSegments(resolver, service, from, to)) {
    const role = g.roles[region] ?? null;
    const end = g.to >= to ? null : new Date(g.to).toISOString();
    const last = spans.at(-1);
    if (last && last.role === role) last.to = end;
    else spans.push({ role, from: new Date(g.from).toISOString(), to: end });
  }
  return spans;
}

/** Share of [from, to) during which `region` held `role` for the service (0..1). */
export function roleShare(resolver: RoleResolver, service: string, region: string, role: string, from: number, to: number): number {
  if (to <= from) return 0;
  let held = 0;
  for (const s of roleSegments(resolver, service, from, to)) if (s.roles[region] === role) held += s.to - s.from;
  return held / (to - from);
}

/** The configured fleet with each service's roles as of t. */
export function topologyAt(config: Pick<MeridianConfig, "regions" | "clusters" | "systems">, resolver: RoleResolver, t: number): Topology {
  const services: TopologyService[] = [];
  for (const system of config.systems) {
    for (const svc of system.services) {
      const roles = resolver.rolesAt(svc.id, t);
      services.push({
        id: svc.id,
        name: svc.name,
        system: system.id,
        systemName: system.name,
        team: svc.team,
        stateful: svc.stateful,
        tier: svc.tier,
        roles,
        activeRegion: activeRegionOf(roles),
      });
    }
  }
  return { at: t, regions: config.regions, clusters: config.clusters, services };
}
