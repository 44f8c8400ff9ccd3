import { getConfig } from "@/lib/config/store";
import { NotFoundError } from "@/lib/http/errors";
import { freshnessFor, listSourceHealth, type Freshness, type SourceHealth } from "@/lib/snapshots/freshness";
import { INVENTORY_KIND } from "./collector";
import { jobNameOf, mergeRegionParts, reconcileDarkActiveRoles, regionOfKey, type ClusterView, type InventoryPart, type MergedRegion } from "./merge";
import { listSnapshotParts } from "@/lib/snapshots/parts";
import type { Health, RegionInventory } from "./types";

export type Capacity = { cpu: number; memoryGiB: number };

export type RegionSummary = {
  id: string;
  name: string;
  health: Health;
  clusters: number;
  unreachableClusters: number;
  nodes: number;
  allocatable: Capacity;
  requested: Capacity;
  /** false when a cluster reports no capacity (EKS without a Kubernetes source): the sums are not the region's. */
  capacityKnown: boolean;
  services: { active: number; dormant: number; activeActive: number };
  fetchedAt: string | null;
  /** When the oldest of the region's inventory data was taken: the age every number here carries. */
  dataAsOf: string | null;
  stale: boolean;
  /** Set while the region's inventory sources miss their interval: no data since then. */
  unreachableSince: string | null;
  /** Since when the region has had this health (as far as collection knows). */
  healthSince: string | null;
};

function sum(clusters: ClusterView[], pick: (c: ClusterView) => Capacity): Capacity {
  return clusters.reduce((a, c) => ({ cpu: a.cpu + pick(c).cpu, memoryGiB: a.memoryGiB + pick(c).memoryGiB }), { cpu: 0, memoryGiB: 0 });
}

const round = (c: Capacity): Capacity => ({ cpu: Math.round(c.cpu * 10) / 10, memoryGiB: Math.round(c.memoryGiB * 10) / 10 });

/** Every configured region merged from its inventory parts, with each part's job health applied. */
async function loadMergedRegions(): Promise<{ merged: Map<string, MergedRegion>; freshness: Freshness; health: SourceHealth[] }> {
  const config = getConfig();
  const [{ parts }, health, freshness] = await Promise.all([listSnapshotParts<RegionInventory>(INVENTORY_KIND), listSourceHealth(), freshnessFor(INVENTORY_KIND)]);
  const jobs = new Map(health.map((h) => [h.name, h]));
  const byRegion = new Map<string, InventoryPart[]>();
  for (const p of parts) {
    const job = jobs.get(jobNameOf(p.source, INVENTORY_KIND, p.key));
    // A part no configured job writes any more (a removed cluster or source) is not part of the region.
    if (job?.retired) continue;
    // A part whose source missed its interval (or sends nothing new) is dark, whatever it said last.
    const failing = !!job && job.stale;
    const part: InventoryPart = { ...p, unreachableSince: failing ? (job.noDataSince ?? p.takenAt) : null, error: failing ? (job.lastError ?? "no fresh data") : null };
    const region = regionOfKey(p.key);
    byRegion.set(region, [...(byRegion.get(region) ?? []), part]);
  }
  const regions = config.regions.map((r) => {
    const declared = config.clusters.filter((c) => c.region === r.id).map((c) => ({ id: c.id, kind: c.kind }));
    return mergeRegionParts(r.id, byRegion.get(r.id) ?? [], declared);
  });
  const merged = new Map<string, MergedRegion>(reconcileDarkActiveRoles(regions).map((m) => [m.region, m]));
  return { merged, freshness, health };
}

function staleRegionsOf(freshness: Freshness): Set<string> {
  return new Set(freshness.staleSources.map((s) => s.name.split("/")[2]).filter(Boolean));
}

function summaryOf(r: { id: string; name: string }, m: MergedRegion, staleRegions: Set<string>): RegionSummary {
  const stale = staleRegions.has(r.id) || !m.fetchedAt;
  return {
    id: r.id,
    name: r.name,
    health: m.health,
    clusters: m.clusters.length,
    unreachableClusters: m.unreachable,
    nodes: m.clusters.reduce((n, c) => n + c.nodes, 0),
    allocatable: round(sum(m.clusters, (c) => c.allocatable)),
    requested: round(sum(m.clusters, (c) => c.requested)),
    capacityKnown: m.clusters.length > 0 && m.clusters.every((c) => c.capacityKnown !== false),
    services: {
      active: m.services.filter((s) => s.role === "active").length,
      dormant: m.services.filter((s) => s.role === "dormant").length,
      activeActive: m.services.filter((s) => s.role === "active-active").length,
    },
    fetchedAt: m.fetchedAt,
    dataAsOf: m.dataAsOf,
    stale,
    unreachableSince: m.unreachableSince,
    healthSince: m.healthSince,
  };
}

/** One line per configured region from the latest inventory snapshots; a region never collected is "unknown". */
export async function listRegionSummaries(): Promise<{ regions: RegionSummary[]; freshness: Freshness }> {
  const { merged, freshness } = await loadMergedRegions();
  const staleRegions = staleRegionsOf(freshness);
  return { regions: getConfig().regions.map((r) => summaryOf(r, merged.get(r.id)!, staleRegions)), freshness };
}

export type RegionServiceRow = {
  service: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  tier: "critical" | "standard";
  role: "active" | "dormant" | "active-active";
  health: Health;
  readyReplicas: number;
  desiredReplicas: number;
  trafficShare: number;
};

export type RegionDetail = {
  summary: RegionSummary;
  clusters: ClusterView[];
  services: RegionServiceRow[];
  fetchedAt: string | null;
  staleSources: Freshness["staleSources"];
};

export async function getRegionDetail(id: string): Promise<RegionDetail> {
  const config = getConfig();
  const region = config.regions.find((r) => r.id === id);
  if (!region) throw new NotFoundError(`No region "${id}" in the configuration.`);
  const { merged, freshness } = await loadMergedRegions();
  const m = merged.get(id)!;
  const meta = new Map(config.systems.flatMap((sys) => sys.services.map((s) => [s.id, { ...s, system: sys.id, systemName: sys.name }] as const)));
  const services = m.services
    .map((s): RegionServiceRow => {
      const c = meta.get(s.service);
      return {
        service: s.service, name: c?.name ?? s.service, system: c?.system ?? "", systemName: c?.systemName ?? "", team: c?.team ?? "", tier: c?.tier ?? "standard",
        role: s.role, health: s.health, readyReplicas: s.readyReplicas, desiredReplicas: s.desiredReplicas, trafficShare: s.trafficShare,
      };
    })
    .sort((a, b) => a.systemName.localeCompare(b.systemName) || a.service.localeCompare(b.service));
  return {
    summary: summaryOf(region, m, staleRegionsOf(freshness)),
    clusters: m.clusters,
    services,
    fetchedAt: m.fetchedAt,
    staleSources: freshness.staleSources.filter((s) => s.name.split("/")[2] === id),
  };
}

/** The merged inventory read, for domains that weigh capacity (replication's readiness). */
export { mergeRegionParts, type InventoryPart, type MergedRegion } from "./merge";
