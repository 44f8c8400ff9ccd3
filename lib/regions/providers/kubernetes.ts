import type { Kubernetes, Resources } from "@/lib/sources/kubernetes";
import type { NodeGroupInventory } from "../types";

export type KubernetesCapacity = {
  nodes: number;
  readyNodes: number;
  allocatable: Resources;
  requested: Resources;
  /** kubelet minor version of the first node, e.g. "1.31". */
  version: string | null;
  /** Node groups as the nodes' labels tell them (eks.amazonaws.com/nodegroup, karpenter.sh/nodepool). */
  nodeGroups: NodeGroupInventory[];
  /** Allocatable of one node per node group: how much a scale-out by one node adds. */
  perNode: Record<string, Resources>;
};

/** Allocatable (ready nodes only: a NotReady node carries no load) and requested capacity of one cluster. */
export async function getKubernetesCapacity(kube: Kubernetes, signal?: AbortSignal): Promise<KubernetesCapacity> {
  const [nodes, requested] = await Promise.all([kube.listNodes(signal), kube.getRequested(signal)]);
  const ready = nodes.filter((n) => n.ready);
  const allocatable = ready.reduce((a, n) => ({ cpu: a.cpu + n.allocatable.cpu, memoryGiB: a.memoryGiB + n.allocatable.memoryGiB }), { cpu: 0, memoryGiB: 0 });
  const groups = new Map<string, NodeGroupInventory>();
  const perNode: Record<string, Resources> = {};
  for (const n of nodes) {
    const name = n.nodeGroup ?? "unmanaged";
    const g = groups.get(name) ?? { name, instanceType: n.instanceType ?? "unknown", desired: 0, min: 0, max: 0, ready: 0 };
    g.desired += 1;
    g.min += 1;
    g.max += 1; // without EKS the scaling limits are unknown: the current size is the floor and the ceiling
    if (n.ready) g.ready += 1;
    groups.set(name, g);
    perNode[name] ??= n.allocatable;
  }
  const v = /^v?(\d+\.\d+)/.exec(nodes[0]?.kubeletVersion ?? "")?.[1] ?? null;
  return { nodes: nodes.length, readyNodes: ready.length, allocatable, requested, version: v, nodeGroups: [...groups.values()], perNode };
}
