import type { ClusterInventory, RegionInventory, ServicePlacement } from "@/lib/regions/types";
import { assertRegionReachable, regionHealthFactor, servicesIn, type DemoFleet } from "./fleet";
import { rand } from "./prng";

const CPU_PER_NODE = 7.9; // m6i.2xlarge allocatable
const MEM_PER_NODE = 29;

/** A region's clusters, capacity and service placement at fleet.at. */
export function demoRegionInventory(fleet: DemoFleet, region: string): RegionInventory {
  assertRegionReachable(fleet, region);
  const { seed } = fleet.opts;
  const factor = regionHealthFactor(fleet, region);
  const services: ServicePlacement[] = servicesIn(fleet, region).map((svc) => {
    const role = svc.roles[region];
    const desired = role === "dormant" ? 1 : 2 + Math.floor(rand(seed, "replicas", svc.id) * 5);
    const ready = Math.round(desired * factor);
    const activeCount = Object.values(svc.roles).filter((r) => r === "active" || r === "active-active").length || 1;
    return {
      service: svc.id,
      role,
      health: ready === desired ? "healthy" : ready === 0 ? "down" : "degraded",
      readyReplicas: ready,
      desiredReplicas: desired,
      trafficShare: role === "dormant" ? 0 : 1 / activeCount,
    };
  });
  const clusters = fleet.topology.clusters.filter((c) => c.region === region);
  const requestedCpu = services.reduce((sum, s) => sum + s.desiredReplicas * (0.5 + rand(seed, "cpu", s.service) * 1.5), 0);
  const requestedMem = services.reduce((sum, s) => sum + s.desiredReplicas * (1 + rand(seed, "mem", s.service) * 3), 0);
  const clusterInventories: ClusterInventory[] = clusters.map((c, i) => {
    const share = 1 / clusters.length;
    const workloadNodes = Math.max(2, Math.ceil((requestedCpu * share * 1.35) / CPU_PER_NODE));
    const systemNodes = 2;
    const nodes = workloadNodes + systemNodes;
    return {
      id: c.id,
      region,
      kind: c.kind,
      version: `1.${30 + Math.floor(rand(seed, "k8s", c.id) * 2)}`,
      status: factor === 1 ? "ok" : "degraded",
      nodeGroups: [
        { name: "system", instanceType: "m6i.large", desired: systemNodes, min: 2, max: 4, ready: systemNodes },
        {
          name: "workloads",
          instanceType: "m6i.2xlarge",
          desired: workloadNodes,
          min: 2,
          max: Math.max(workloadNodes * 3, 12),
          ready: Math.round(workloadNodes * (factor === 1 ? 1 : 0.8 + rand(seed, "ng", c.id, i) * 0.1)),
        },
      ],
      nodes,
      allocatable: { cpu: Math.round(nodes * CPU_PER_NODE * 10) / 10, memoryGiB: nodes * MEM_PER_NODE },
      requested: { cpu: Math.round(requestedCpu * share * 10) / 10, memoryGiB: Math.round(requestedMem * share) },
    };
  });
  const degraded = services.some((s) => s.health !== "healthy");
  return { region, health: factor === 0 ? "down" : degraded ? "degraded" : "healthy", clusters: clusterInventories, services };
}
