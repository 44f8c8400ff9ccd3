import { describe, expect, it } from "vitest";
import { getMaxAllocatable, toClusterInventory } from "./eks";

const cluster = {
  name: "prod-use1", arn: null, version: "1.31", status: "ACTIVE", createdAt: null,
  nodegroups: [
    { name: "system", status: "ACTIVE", instanceTypes: ["m6i.large"], desired: 2, min: 2, max: 4, healthIssues: [] },
    { name: "workloads", status: "ACTIVE", instanceTypes: ["m6i.2xlarge"], desired: 4, min: 2, max: 10, healthIssues: [] },
  ],
};

describe("EKS inventory", () => {
  it("takes scaling limits from EKS and capacity from Kubernetes", () => {
    const inv = toClusterInventory(cluster, "us-east-1", {
      nodes: 6, readyNodes: 5, allocatable: { cpu: 35.5, memoryGiB: 130 }, requested: { cpu: 20, memoryGiB: 60 }, version: "1.31",
      nodeGroups: [{ name: "workloads", instanceType: "m6i.2xlarge", desired: 4, min: 4, max: 4, ready: 3 }],
      perNode: { system: { cpu: 1.93, memoryGiB: 6.5 }, workloads: { cpu: 7.91, memoryGiB: 29 } },
    });
    expect(inv.nodeGroups[1]).toEqual({ name: "workloads", instanceType: "m6i.2xlarge", desired: 4, min: 2, max: 10, ready: 3 });
    expect(inv.status).toBe("ok");
    // 35.5 + (4−2)×1.93 + (10−4)×7.91 = 35.5 + 3.86 + 47.46 = 86.82 CPU; 130 + 2×6.5 + 6×29 = 317 GiB.
    const max = getMaxAllocatable(inv, { system: { cpu: 1.93, memoryGiB: 6.5 }, workloads: { cpu: 7.91, memoryGiB: 29 } });
    expect(max.cpu).toBeCloseTo(86.82, 6);
    expect(max.memoryGiB).toBe(317);
  });
  it("a degraded node group degrades the cluster; without Kubernetes nodes come from desired sizes", () => {
    const inv = toClusterInventory({ ...cluster, nodegroups: [{ ...cluster.nodegroups[0], status: "DEGRADED", healthIssues: ["AsgInstanceLaunchFailures: x"] }] }, "us-east-1", null);
    expect(inv.status).toBe("degraded");
    expect(inv.nodes).toBe(2);
  });
});
