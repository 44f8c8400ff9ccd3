import type { ClusterInventory, Health, RegionInventory, ServicePlacement } from "./types";

// A region's inventory can arrive in parts: the demo writes one snapshot per region (key
// "eu-west-1"), live sources one per cluster or per EKS source (key "eu-west-1/<part>"), so
// one unreachable cluster keeps its last-known part while the others stay current.

export { jobNameOf, regionOfKey } from "@/lib/snapshots/parts";

export type InventoryPart = {
  key: string;
  source: string;
  fetchedAt: string;
  takenAt?: string;
  data: RegionInventory;
  /** Set when the job that writes this part is failing now: its last success. */
  unreachableSince: string | null;
  error: string | null;
};

export type ClusterView = ClusterInventory & { source: string | null; fetchedAt: string | null; unreachableSince: string | null; error: string | null };

const STATUS_RANK: Record<ClusterInventory["status"], number> = { ok: 0, degraded: 1, unreachable: 2 };
const HEALTH_RANK: Record<Health, number> = { healthy: 0, unknown: 1, degraded: 2, unreachable: 3, down: 4 };

/**
 * The same cluster from EKS (node groups, scaling limits) and from its Kubernetes API (nodes,
 * capacity): keep EKS's limits with Kubernetes's counts.
 */
function combineCluster(a: ClusterView, b: ClusterView): ClusterView {
  // EKS alone reports no allocatable capacity: the part with less of it (or none known) is the EKS one.
  const [eks, kube] = a.capacityKnown === false || (b.capacityKnown !== false && a.allocatable.cpu <= b.allocatable.cpu) ? [a, b] : [b, a];
  const readyByGroup = new Map(kube.nodeGroups.map((g) => [g.name, g.ready]));
  const worse = STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a : b;
  return {
    ...eks,
    nodeGroups: eks.nodeGroups.map((g) => ({ ...g, ready: readyByGroup.get(g.name) ?? g.ready })),
    nodes: kube.nodes || eks.nodes,
    allocatable: kube.allocatable.cpu > 0 ? kube.allocatable : eks.allocatable,
    requested: kube.requested.cpu > 0 ? kube.requested : eks.requested,
    capacityKnown: a.capacityKnown !== false || b.capacityKnown !== false,
    status: worse.status,
    unreachableSince: worse.unreachableSince,
    error: a.error ?? b.error,
  };
}

export type MergedRegion = {
  region: string;
  health: Health;
  clusters: ClusterView[];
  services: ServicePlacement[];
  fetchedAt: string | null;
  /** When the oldest part's data was taken. */
  dataAsOf: string | null;
  unreachable: number;
  /** Set when parts are failing: the oldest time their data is from ("unreachable since"). */
  unreachableSince: string | null;
  /** Since when the region has had its current health, as far as the collected parts know. */
  healthSince: string | null;
};

const worst = (a: Health | null, b: Health): Health => (a === null || HEALTH_RANK[b] > HEALTH_RANK[a] ? b : a);

/**
 * One region from its parts and the clusters the configuration declares there. A part whose
 * job is failing marks its clusters unreachable (with the last-known data kept); a declared
 * cluster no part reports is shown as unreachable, never reached.
 */
export function mergeRegionParts(region: string, parts: InventoryPart[], declared: Array<{ id: string; kind: "eks" | "kubernetes" }> = []): MergedRegion {
  const clusters = new Map<string, ClusterView>();
  const services = new Map<string, ServicePlacement>();
  let reachable: Health | null = null;
  let failingParts = 0;
  let unreachableSince: string | null = null;
  let fetchedAt: string | null = null;
  let dataAsOf: string | null = null;
  for (const part of parts) {
    const failing = part.unreachableSince !== null || part.error !== null;
    for (const c of part.data.clusters) {
      const view: ClusterView = { ...c, status: failing ? "unreachable" : c.status, source: part.source, fetchedAt: part.fetchedAt, unreachableSince: failing ? part.unreachableSince : null, error: failing ? part.error : null };
      const seen = clusters.get(c.id);
      clusters.set(c.id, seen ? combineCluster(seen, view) : view);
    }
    for (const s of part.data.services) {
      const seen = services.get(s.service);
      if (!seen) services.set(s.service, { ...s });
      else {
        seen.readyReplicas += s.readyReplicas;
        seen.desiredReplicas += s.desiredReplicas;
        if (HEALTH_RANK[s.health] > HEALTH_RANK[seen.health]) seen.health = s.health;
      }
    }
    // Last-known health of a dark part is not evidence it is fine: it does not count.
    if (failing) {
      failingParts += 1;
      const since = part.unreachableSince ?? part.takenAt ?? part.fetchedAt;
      if (!unreachableSince || since < unreachableSince) unreachableSince = since;
    } else reachable = worst(reachable, part.data.health);
    if (!fetchedAt || part.fetchedAt < fetchedAt) fetchedAt = part.fetchedAt;
    const taken = part.takenAt ?? part.fetchedAt;
    if (!dataAsOf || taken < dataAsOf) dataAsOf = taken;
  }
  for (const d of declared) {
    if (clusters.has(d.id)) continue;
    clusters.set(d.id, {
      id: d.id, region, kind: d.kind, version: "unknown", status: "unreachable", nodeGroups: [], nodes: 0,
      allocatable: { cpu: 0, memoryGiB: 0 }, requested: { cpu: 0, memoryGiB: 0 }, capacityKnown: false, source: null, fetchedAt: null, unreachableSince: null, error: null,
    });
  }
  const list = [...clusters.values()].sort((a, b) => a.id.localeCompare(b.id));
  // Every part dark: the region is unreachable. Some dark: at best degraded (part of it cannot be seen).
  const health: Health =
    parts.length === 0 ? "unknown" : failingParts === parts.length ? "unreachable" : failingParts > 0 ? worst(reachable, "degraded") : (reachable ?? "unknown");
  const sinces = parts.filter((p) => p.unreachableSince === null && p.error === null && p.data.health === health).map((p) => p.data.healthSince ?? p.takenAt ?? p.fetchedAt);
  const healthSince = health === "unreachable" ? unreachableSince : (sinces.sort()[0] ?? null);
  return { region, health, clusters: list, services: [...services.values()], fetchedAt, dataAsOf, unreachable: list.filter((c) => c.status === "unreachable").length, unreachableSince, healthSince };
}

/**
 * A region whose sources went dark keeps its last-known inventory, roles included. When a failover
 * made another region active meanwhile, both would claim the service "active"; the claim of a region
 * still answering is the current one, so the dark region's last-known "active" reads "dormant".
 * Roles are not resolved here: only two snapshots that contradict each other are reconciled.
 */
export function reconcileDarkActiveRoles(regions: MergedRegion[]): MergedRegion[] {
  const activeWhereReachable = new Set(regions.filter((r) => r.unreachableSince === null).flatMap((r) => r.services.filter((s) => s.role === "active").map((s) => s.service)));
  return regions.map((r) =>
    r.unreachableSince === null ? r : { ...r, services: r.services.map((s) => (s.role === "active" && activeWhereReachable.has(s.service) ? { ...s, role: "dormant", trafficShare: 0 } : s)) },
  );
}
