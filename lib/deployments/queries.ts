import "server-only";
import { getConfig, getConfigState } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/http/errors";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { activeRegionOf, roleSpans, topologyAt, type RoleSpan, type TopologyTimeline } from "@/lib/topology/timeline";
import { listSnapshotParts, regionOfKey } from "@/lib/snapshots/parts";
import { freshnessFor, freshnessOf, listSourceHealth, type Freshness } from "@/lib/snapshots/freshness";
import { DEPLOYMENTS_KIND } from "./collector";
import { buildMatrixRows, queryMatrix, type MatrixCell, type MatrixPage, type MatrixRow, type MatrixService } from "./matrix";
import type { DeploymentMatrixQuery, ServiceHistoryQuery } from "./schemas";
import type { RegionDeployments, Workload } from "./types";

/** A version change; `deployer` and `commit` are null where the source did not say (older events, bare workloads). */
export type DeploymentEventDto = { service: string; region: string; version: string; previousVersion: string | null; at: string; deployer: string | null; commit: string | null };

/** Deployments (version changes) in [from, to), oldest first, optionally for one service and region. */
export async function listDeploymentEvents(range: { from: Date; to: Date; service?: string; region?: string }): Promise<DeploymentEventDto[]> {
  const rows = await db().deploymentEvent.findMany({
    where: { at: { gte: range.from, lt: range.to }, ...(range.service ? { service: range.service } : {}), ...(range.region ? { region: range.region } : {}) },
    orderBy: [{ at: "asc" }, { region: "asc" }, { service: "asc" }],
    select: { service: true, region: true, version: true, previousVersion: true, at: true, deployer: true, commit: true },
  });
  return rows.map((r) => ({ service: r.service, region: r.region, version: r.version, previousVersion: r.previousVersion, at: r.at.toISOString(), deployer: r.deployer, commit: r.commit }));
}

// --- the matrix ---------------------------------------------------------------------------------

/** Services with their roles as recorded now: the matrix shows current versions, so the reference is the region active now. */
async function listMatrixServices(timeline: TopologyTimeline): Promise<{ services: MatrixService[]; key: string }> {
  const topology = topologyAt(getConfig(), timeline, Date.now());
  const services = topology.services.map((s) => ({ id: s.id, name: s.name, system: s.system, systemName: s.systemName, team: s.team, tier: s.tier, roles: s.roles }));
  return { services, key: timeline.signature };
}

/** Distinct versions per service and region over 90 days, to count releases where versions carry no order. */
async function loadVersionHistory(): Promise<Map<string, string[]>> {
  const rows = await db().deploymentEvent.findMany({
    where: { at: { gte: new Date(Date.now() - 90 * 86_400_000) } },
    distinct: ["service", "region", "version"],
    select: { service: true, region: true, version: true },
  });
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(`${r.service}/${r.region}`, [...(out.get(`${r.service}/${r.region}`) ?? []), r.version]);
  return out;
}

type MatrixCache = { signature: string; rows: MatrixRow[]; regions: string[] };
const holder = globalThis as unknown as { meridianMatrix?: MatrixCache };

/** Every row of the matrix, rebuilt only when a snapshot, the configuration, the roles or staleness changed. */
async function loadMatrixRows(freshness: Freshness, timeline: TopologyTimeline): Promise<MatrixCache> {
  const config = getConfig();
  const [{ parts, signature }, { services, key }] = await Promise.all([listSnapshotParts<RegionDeployments>(DEPLOYMENTS_KIND), listMatrixServices(timeline)]);
  const staleRegions = new Set(freshness.staleSources.map((s) => s.name.split("/")[2]).filter(Boolean));
  const full = [signature, getConfigState().loadedAt.toISOString(), key, [...staleRegions].sort().join(",")].join("|");
  if (holder.meridianMatrix?.signature === full) return holder.meridianMatrix;
  const regions = config.regions.map((r) => r.id);
  const workloadsByRegion = new Map<string, Workload[]>();
  for (const p of parts) {
    const region = regionOfKey(p.key);
    const list = workloadsByRegion.get(region) ?? [];
    for (const w of p.data.workloads) list.push(w);
    workloadsByRegion.set(region, list);
  }
  const unordered = parts.some((p) => p.data.workloads.some((w) => w.order === undefined));
  const history = unordered ? await loadVersionHistory() : null;
  const rows = buildMatrixRows({
    regions,
    services,
    workloadsByRegion,
    staleRegions,
    referenceHistory: history ? (service, region) => history.get(`${service}/${region}`) ?? [] : undefined,
  });
  holder.meridianMatrix = { signature: full, rows, regions };
  return holder.meridianMatrix;
}

export type Facets = { systems: Array<{ id: string; name: string }>; teams: string[]; regions: string[] };

export type DeploymentMatrixDto = MatrixPage & {
  facets: Facets;
  fetchedAt: string | null;
  staleSources: Freshness["staleSources"];
  /** Per region, when its oldest deployment data was taken: the age of every version in its column. */
  regionsAsOf: Record<string, string | null>;
};

function facetsOf(): Facets {
  const config = getConfig();
  return {
    systems: config.systems.map((s) => ({ id: s.id, name: s.name })),
    teams: [...new Set(config.systems.flatMap((s) => s.services.map((x) => x.team)))].sort(),
    regions: config.regions.map((r) => r.id),
  };
}

/** Every row of the matrix with its freshness: what the deployment-matrix read model stores. */
export async function getDeploymentMatrixRows(): Promise<{ rows: MatrixRow[]; regions: string[]; freshness: Freshness; regionsAsOf: Record<string, string | null> }> {
  const [health, timeline] = await Promise.all([listSourceHealth(), loadTopologyTimeline()]);
  const freshness = freshnessOf(health, [DEPLOYMENTS_KIND]);
  const { rows, regions } = await loadMatrixRows(freshness, timeline);
  const regionsAsOf: Record<string, string | null> = {};
  for (const region of regions) {
    const taken = health.filter((h) => !h.retired && h.name.split("/")[1] === DEPLOYMENTS_KIND && h.name.split("/")[2] === region).map((h) => h.lastTakenAt ?? h.lastSuccessAt ?? "");
    regionsAsOf[region] = taken.length && !taken.includes("") ? taken.sort()[0] : null;
  }
  return { rows, regions, freshness, regionsAsOf };
}

/** One page of the matrix from its rows, with the filters applied. */
export function pageDeploymentMatrix(all: { rows: MatrixRow[]; regions: string[]; freshness: Freshness; regionsAsOf?: Record<string, string | null> }, query: DeploymentMatrixQuery): DeploymentMatrixDto {
  return { ...queryMatrix(all.rows, all.regions, query), facets: facetsOf(), fetchedAt: all.freshness.fetchedAt, staleSources: all.freshness.staleSources, regionsAsOf: all.regionsAsOf ?? {} };
}

/** One page of the version matrix (services × regions) with the filters applied. */
export async function getDeploymentMatrix(query: DeploymentMatrixQuery): Promise<DeploymentMatrixDto> {
  return pageDeploymentMatrix(await getDeploymentMatrixRows(), query);
}

// --- history ------------------------------------------------------------------------------------

export type VersionSegment = { version: string; from: string; to: string | null };

export type RegionHistory = {
  region: string;
  role: MatrixCell["role"];
  /** The region's recorded roles over the window: which events happened while it was the reference. */
  roles: RoleSpan[];
  current: MatrixCell | null;
  isReference: boolean;
  /** When the reference region moved to a version this region never followed to (null: no drift, or before the data). */
  driftSince: string | null;
  /** Versions over the window; the first one may have started before it. */
  segments: VersionSegment[];
  events: DeploymentEventDto[];
};

export type ServiceHistoryDto = {
  service: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  referenceRegion: string | null;
  drift: boolean;
  from: string;
  to: string;
  regions: RegionHistory[];
  fetchedAt: string | null;
  staleSources: Freshness["staleSources"];
};

/**
 * The reference's releases over time: each event of the region that was active when it happened.
 * After a failover the reference is the new active region from that instant, and only from then.
 */
export function referenceEventsOf(events: DeploymentEventDto[], activeAt: (t: number) => string | null): DeploymentEventDto[] {
  return events.filter((e) => activeAt(Date.parse(e.at)) === e.region);
}

/**
 * The drift began when the reference region moved on from the version this region still runs.
 * Found in the reference's events: the one after its last run of that version; else the first
 * reference event after this region's last deployment.
 */
export function findDriftSince(current: string, regionEvents: DeploymentEventDto[], referenceEvents: DeploymentEventDto[]): string | null {
  let lastSame = -1;
  referenceEvents.forEach((e, i) => {
    if (e.version === current) lastSame = i;
  });
  if (lastSame >= 0) return referenceEvents[lastSame + 1]?.at ?? null;
  const lastHere = regionEvents.at(-1)?.at;
  return referenceEvents.find((e) => !lastHere || e.at > lastHere)?.at ?? null;
}

/**
 * Which version ran when, from the events; clipped to the window starting at `from`. The release
 * running now (from the latest snapshot) ends the lanes even when no event recorded it yet.
 */
export function segmentsOf(events: DeploymentEventDto[], from: string, current?: { version: string | null; deployedAt: string | null } | null): VersionSegment[] {
  const all: VersionSegment[] = events.map((e, i) => ({ version: e.version, from: e.at, to: events[i + 1]?.at ?? null }));
  if (current?.version && all.at(-1)?.version !== current.version) {
    const last = all.at(-1);
    // Began when the snapshot says; without that, no earlier than the last recorded change.
    const began = [current.deployedAt, last?.from].filter((x): x is string => !!x).sort().at(-1) ?? from;
    if (last) last.to = began;
    all.push({ version: current.version, from: began, to: null });
  }
  return all.filter((s) => !s.to || s.to > from).map((s) => (s.from < from ? { ...s, from } : s));
}

export async function getServiceHistory(serviceId: string, query: ServiceHistoryQuery): Promise<ServiceHistoryDto> {
  const config = getConfig();
  const system = config.systems.find((s) => s.services.some((x) => x.id === serviceId));
  const svc = system?.services.find((x) => x.id === serviceId);
  if (!system || !svc) throw new NotFoundError(`No service "${serviceId}" in the configuration.`);
  const to = new Date();
  const from = new Date(to.getTime() - query.days * 86_400_000);
  const [freshness, timeline] = await Promise.all([freshnessFor(DEPLOYMENTS_KIND), loadTopologyTimeline(config)]);
  const { rows, regions } = await loadMatrixRows(freshness, timeline);
  const row = rows.find((r) => r.service === serviceId) ?? null;
  // All of the service's events: what ran at the window's start began before it.
  const all = await listDeploymentEvents({ from: new Date(0), to, service: serviceId });
  const byRegion = new Map<string, DeploymentEventDto[]>();
  for (const e of all) byRegion.set(e.region, [...(byRegion.get(e.region) ?? []), e]);
  // With an active region the reference is whichever region was active at each event; without one (active-active), the matrix's pick.
  const refEvents = row?.referenceRegion && row.cells[row.referenceRegion]?.role === "active"
    ? referenceEventsOf(all, (t) => activeRegionOf(timeline.rolesAt(serviceId, t)))
    : row?.referenceRegion ? (byRegion.get(row.referenceRegion) ?? []) : [];
  const fromIso = from.toISOString();
  const regionIds = regions.filter((r) => (row?.cells[r] || svc.regions[r] || byRegion.has(r)) && (!query.region || r === query.region));
  return {
    service: svc.id,
    name: svc.name,
    system: system.id,
    systemName: system.name,
    team: svc.team,
    referenceRegion: row?.referenceRegion ?? null,
    drift: row?.drift ?? false,
    from: fromIso,
    to: to.toISOString(),
    regions: regionIds.map((region): RegionHistory => {
      const events = byRegion.get(region) ?? [];
      const current = row?.cells[region] ?? null;
      const isReference = row?.referenceRegion === region;
      return {
        region,
        role: current?.role ?? timeline.rolesAt(serviceId, to.getTime())[region] ?? null,
        roles: roleSpans(timeline, serviceId, region, from.getTime(), to.getTime()),
        current,
        isReference,
        driftSince: current?.drift && current.version ? findDriftSince(current.version, events, refEvents) : null,
        segments: segmentsOf(events, fromIso, current),
        events: events.filter((e) => e.at >= fromIso),
      };
    }),
    fetchedAt: freshness.fetchedAt,
    staleSources: freshness.staleSources,
  };
}

/** How far one version is behind another in the release order (replication weighs release lag). */
export { lagBehind } from "./version-order";
