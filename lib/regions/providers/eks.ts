import type { EksCluster } from "@/lib/sources/aws-eks";
import type { ClusterInventory } from "../types";
import type { KubernetesCapacity } from "./kubernetes";

/**
 * One EKS cluster as inventory: node groups and scaling limits from EKS, nodes and capacity from
 * the cluster's own API when its kubeconfig context is configured (else zeros and `degraded`
 * is not claimed). `ready` per node group comes from Kubernetes when known, else desired.
 */
export function toClusterInventory(c: EksCluster, region: string, capacity: KubernetesCapacity | null): ClusterInventory {
  const readyByGroup = new Map((capacity?.nodeGroups ?? []).map((g) => [g.name, g.ready]));
  const nodeGroups = c.nodegroups.map((ng) => ({
    name: ng.name,
    instanceType: ng.instanceTypes.join(", ") || "unknown",
    desired: ng.desired,
    min: ng.min,
    max: ng.max,
    ready: readyByGroup.get(ng.name) ?? ng.desired,
  }));
  const unhealthy = c.status !== "ACTIVE" || c.nodegroups.some((ng) => ng.status !== "ACTIVE" || ng.healthIssues.length > 0);
  return {
    id: c.name,
    region,
    kind: "eks",
    version: c.version,
    status: unhealthy ? "degraded" : "ok",
    nodeGroups,
    nodes: capacity?.nodes ?? nodeGroups.reduce((n, g) => n + g.desired, 0),
    allocatable: capacity?.allocatable ?? { cpu: 0, memoryGiB: 0 },
    requested: capacity?.requested ?? { cpu: 0, memoryGiB: 0 },
    capacityKnown: capacity !== null,
  };
}

/**
 * Allocatable once every node group is at its max size: today's allocatable plus, per group,
 * (max − desired) nodes of that group's per-node allocatable. Readiness uses it for headroom.
 */
export function getMaxAllocatable(inv: ClusterInventory, perNode: KubernetesCapacity["perNode"]): { cpu: number; memoryGiB: number } {
  let { cpu, memoryGiB } = inv.allocatable;
  for (const g of inv.nodeGroups) {
    const one = perNode[g.name];
    if (!one) continue;
    const extra = Math.max(0, g.max - g.desired);
    cpu += extra * one.cpu;
    memoryGiB += extra * one.memoryGiB;
  }
  return { cpu, memoryGiB };
}
