import "server-only";
import { readFileSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import type { CollectionJob } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import type { RegionDeployments, Workload } from "@/lib/deployments/types";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createEks } from "@/lib/sources/aws-eks";
import { createKubernetes, KubernetesError, loadKubeContext, type Kubernetes } from "@/lib/sources/kubernetes";
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

type Cluster = MeridianConfig["clusters"][number];

/** The clusters a kubernetes source reads: those with a context (kind kubernetes uses its id). */
export function kubernetesClusters(config: MeridianConfig, source: SourceConfig): Array<Cluster & { context: string }> {
  return config.clusters
    .filter((c) => !source.regions || source.regions.includes(c.region))
    .flatMap((c) => (c.context ? [{ ...c, context: c.context }] : c.kind === "kubernetes" ? [{ ...c, context: c.id }] : []));
}

/** Reads the kubeconfig file on every collection, so rotated credentials are picked up. */
export function kubernetesFor(source: SourceConfig, context: string): Kubernetes {
  return createKubernetes(loadSourceKubeConfig(source, context), { context, timeoutMs: source.timeout });
}

/** The source's kubeconfig file, read now, set to one context (also used by the failover scaler). */
export function loadSourceKubeConfig(source: SourceConfig, context: string): KubeConfig {
  const file = source.kubeconfig;
  if (!file) throw new KubernetesError("kubeconfig", context, `source "${source.name}" has no kubeconfig path`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new KubernetesError("kubeconfig", context, `cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  return loadKubeContext(text, context, file);
}

/** "namespace/name" → service id from services[].workload. */
export function workloadMapOf(config: MeridianConfig): Record<string, string> {
  const map: Record<string, string> = {};
  for (const sys of config.systems) for (const svc of sys.services) if (svc.workload) map[svc.workload] = svc.id;
  return map;
}

/**
 * Services of one cluster as placements, with their role as recorded when the workloads were read
 * (`rolesOf`; default the configuration's); unknown workloads are left out.
 */
export function placementsOf(config: MeridianConfig, region: string, workloads: Workload[], rolesOf: (service: string) => RoleMap = (id) => configuredRoles(config).get(id) ?? {}): ServicePlacement[] {
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

export function kubernetesJobs(config: MeridianConfig, source: SourceConfig, domain: "inventory" | "deployments", afterSave?: CollectionJob["afterSave"]): CollectionJob[] {
  return kubernetesClusters(config, source).map((cluster): CollectionJob => {
    const key = `${cluster.region}/${cluster.id}`;
    return {
      name: jobNameOf(source.name, domain, key),
      source,
      intervalMs: source.interval,
      timeoutMs: source.timeout,
      async collect(signal) {
        if (domain === "deployments") {
          const kube = kubernetesFor(source, cluster.context);
          const workloads = await kube.listWorkloads({ region: cluster.region, cluster: cluster.id, workloadMap: workloadMapOf(config) }, signal);
          const data: RegionDeployments = { region: cluster.region, workloads };
          return [{ kind: domain, key, data }];
        }
        const [{ inv, workloads }, timeline] = await Promise.all([readKubeCluster(config, source, cluster, signal), loadTopologyTimeline(config)]);
        const readAt = Date.now();
        const services = placementsOf(config, cluster.region, workloads, (id) => timeline.rolesAt(id, readAt));
        const data = await withHealthSince(domain, key, { region: cluster.region, health: healthOf([inv], services), clusters: [inv], services });
        return [{ kind: domain, key, data }];
      },
      afterSave,
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
