import "server-only";
import type { CollectionJob } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createEks } from "@/lib/sources/aws-eks";
import type { KubernetesWorkload } from "@/lib/sources/kubernetes";
import { kubernetesClusters, kubernetesFor, workloadMapOf, type Cluster } from "@/lib/sources/kubernetes-config";
import { withHealthSince } from "./health-since";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { configuredRoles } from "@/lib/topology/timeline";
import type { RoleMap } from "@/lib/topology/types";
import { jobNameOf } from "./merge";
import { toClusterInventory } from "./providers/eks";
import { getKubernetesCapacity } from "./providers/kubernetes";
import type { ClusterInventory, Health, ServicePlacement } from "./types";

// Jobs for the live sources. Kubernetes: one job per configured cluster context, so one
// unreachable cluster keeps its last-known snapshot while the others stay current. EKS: one
// job per region. Snapshot keys are "<region>/<cluster or source>"; lib/regions/merge.ts joins them.

/**
 * Services of one cluster as placements, with their role as recorded when the workloads were read
 * (`rolesOf`; default the configuration's); unknown workloads are left out.
 */
export function placementsOf(config: MeridianConfig, region: string, workloads: Array<Pick<KubernetesWorkload, "service" | "readyReplicas" | "desiredReplicas">>, rolesOf: (service: string) => RoleMap = (id) => configuredRoles(config).get(id) ?? {}): ServicePlacement[] {
  const roles = new Map<string, ServicePlacement["role"]>();
  for (const sys of config.systems) for (const svc of sys.services) {
    const role = rolesOf(svc.id)[region];
    if (role) roles.set(svc.id, role);
  }
  const byService = new Map<string, ServicePlacement>();
  for (const w of workloads) {
    const role = roles.get(w.service);
    if (!role) continue;
    const p = byService.get(w.service) ?? { service: w.service, role, health: "healthy", readyReplicas: 0, desiredReplicas: 0, trafficShare: 0 };
    p.readyReplicas += w.readyReplicas;
    p.desiredReplicas += w.desiredReplicas;
    byService.set(w.service, p);
  }
  const activeCount = (id: string) => Object.values(rolesOf(id)).filter((r) => r !== "dormant").length || 1;
  return [...byService.values()].map((p) => ({
    ...p,
    health: p.readyReplicas >= p.desiredReplicas ? "healthy" : p.readyReplicas === 0 ? "down" : "degraded",
    trafficShare: p.role === "dormant" ? 0 : 1 / activeCount(p.service),
  }));
}

function healthOf(clusters: ClusterInventory[], services: ServicePlacement[]): Health {
  if (services.some((s) => s.health === "down") && services.every((s) => s.health === "down")) return "down";
  if (clusters.some((c) => c.status !== "ok") || services.some((s) => s.health !== "healthy")) return "degraded";
  return "healthy";
}

async function readKubeCluster(config: MeridianConfig, source: SourceConfig, cluster: Cluster & { context: string }, signal: AbortSignal) {
  const kube = kubernetesFor(source, cluster.context);
  const where = { region: cluster.region, cluster: cluster.id, workloadMap: workloadMapOf(config) };
  const [capacity, workloads] = await Promise.all([getKubernetesCapacity(kube, signal), kube.listWorkloads(where, signal)]);
  const inv: ClusterInventory = {
    id: cluster.id,
    region: cluster.region,
    kind: cluster.kind,
    version: capacity.version ?? "unknown",
    status: capacity.readyNodes < capacity.nodes ? "degraded" : "ok",
    nodeGroups: capacity.nodeGroups,
    nodes: capacity.nodes,
    allocatable: capacity.allocatable,
    requested: capacity.requested,
  };
  return { inv, workloads };
}

/** Inventory per configured cluster (lib/deployments/live-jobs.ts reads the same clusters' workloads). */
export function kubernetesJobs(config: MeridianConfig, source: SourceConfig): CollectionJob[] {
  const domain = "inventory";
  return kubernetesClusters(config, source).map((cluster): CollectionJob => {
    const key = `${cluster.region}/${cluster.id}`;
    return {
      name: jobNameOf(source.name, domain, key),
      source,
      intervalMs: source.interval,
      timeoutMs: source.timeout,
      async collect(signal) {
        const [{ inv, workloads }, timeline] = await Promise.all([readKubeCluster(config, source, cluster, signal), loadTopologyTimeline(config)]);
        const readAt = Date.now();
        const services = placementsOf(config, cluster.region, workloads, (id) => timeline.rolesAt(id, readAt));
        const data = await withHealthSince(domain, key, { region: cluster.region, health: healthOf([inv], services), clusters: [inv], services });
        return [{ kind: domain, key, data }];
      },
    };
  });
}

/** EKS inventory per region: node groups and scaling limits; capacity comes from the cluster's Kubernetes job when configured. */
export function eksJobs(config: MeridianConfig, source: SourceConfig): CollectionJob[] {
  const regions = source.regions ?? [...new Set(config.clusters.filter((c) => c.kind === "eks").map((c) => c.region))];
  return regions.map((region): CollectionJob => {
    const key = `${region}/${source.name}`;
    return {
      name: jobNameOf(source.name, "inventory", key),
      source,
      intervalMs: source.interval,
      timeoutMs: source.timeout,
      async collect(signal) {
        const eks = createEks({
          region,
          endpoint: source.endpoint,
          // Keys, the default chain, or an assumed role: as every AWS source (an unset variable is named).
          credentials: getAwsCredentials(source, { region }),
          timeoutMs: source.timeout,
        });
        try {
          const clusters = (await eks.listClusters(signal)).map((c) => toClusterInventory(c, region, null));
          const data = await withHealthSince("inventory", key, { region, health: healthOf(clusters, []), clusters, services: [] });
          return [{ kind: "inventory", key, data }];
        } finally {
          eks.destroy();
        }
      },
    };
  });
}
