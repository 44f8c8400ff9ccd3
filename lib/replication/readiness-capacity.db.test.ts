import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { resetLastVersions } from "@/lib/deployments/record-events";
import { listRegionSummaries } from "@/lib/regions/queries";
import { startEksServer, type EksServer } from "@/tests/support/eks-server";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { listReadinessRows } from "./queries";

// Readiness with live sources through their real clients: eu-west-1 read from its Kubernetes API,
// us-east-1 only from EKS (node groups, no allocatable or requested). The target's capacity is
// unknown, and unknown is never ready; once us-east-1 has a Kubernetes source it is judged.

function kubeconfig(contexts: Array<{ name: string; server: string }>, token: string): string {
  const lines = ["apiVersion: v1", "kind: Config", `current-context: ${contexts[0].name}`, "clusters:"];
  for (const c of contexts) lines.push(`- name: ${c.name}-cluster`, "  cluster:", `    server: ${c.server}`, "    insecure-skip-tls-verify: true");
  lines.push("users:", "- name: reader", "  user:", `    token: ${token}`, "contexts:");
  for (const c of contexts) lines.push(`- name: ${c.name}`, "  context:", `    cluster: ${c.name}-cluster`, "    user: reader");
  return lines.join("\n") + "\n";
}

const node = (name: string) => ({
  metadata: { name, labels: { "eks.amazonaws.com/nodegroup": "workloads", "node.kubernetes.io/instance-type": "m6i.2xlarge" } },
  status: { allocatable: { cpu: "7910m", memory: "29Gi" }, conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.31.2-eks" } },
});
const deployment = (name: string, version: string) => ({
  metadata: { name, namespace: "prod", generation: 1, labels: { "app.kubernetes.io/name": name } },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `ghcr.io/acme/${name}:${version}`, resources: { requests: { cpu: "500m", memory: "1Gi" } } }] } } },
  status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
});

function config(file: string, eksUrl: string, use1Context?: string) {
  return configSchema.parse({
    version: 1,
    regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
    clusters: [
      { id: "apps-euw1", region: "eu-west-1", kind: "eks", context: "euw1" },
      { id: "apps-use1", region: "us-east-1", kind: "eks", ...(use1Context ? { context: use1Context } : {}) },
    ],
    sources: [
      { name: "k8s", kind: "kubernetes", kubeconfig: file, timeout: "3s" },
      { name: "eks", kind: "eks", endpoint: eksUrl, regions: ["us-east-1"], accessKeyId: "env:READINESS_TEST_KEY", secretAccessKey: "env:READINESS_TEST_SECRET", timeout: "3s" },
    ],
    systems: [{ id: "shop", name: "Shop", team: "web", services: [{ id: "api", name: "API", team: "web", regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
  });
}

describe("readiness with a target whose capacity nobody reports (EKS without a Kubernetes source)", () => {
  let database: TestDatabase;
  let kube: KubeServer;
  let eks: EksServer;
  let file: string;
  beforeAll(async () => {
    database = await startTestDatabase();
    resetLastVersions();
    process.env.READINESS_TEST_KEY = "AKIDREADINESS";
    process.env.READINESS_TEST_SECRET = "secret";
    kube = await startKubeServer();
    kube.objects["/api/v1/nodes"] = [node("n1"), node("n2")];
    kube.objects["/apis/apps/v1/deployments"] = [deployment("api", "1.4.2")];
    eks = await startEksServer([{ name: "apps-use1", version: "1.31", createdAt: 1_700_000_000, nodegroups: [{ name: "workloads", instanceTypes: ["m6i.2xlarge"], desired: 2, min: 2, max: 6 }] }]);
    file = path.join(mkdtempSync(path.join(tmpdir(), "meridian-readiness-")), "kubeconfig");
    writeFileSync(file, kubeconfig([{ name: "euw1", server: kube.url }, { name: "use1", server: kube.url }], kube.token));
  });
  afterAll(async () => {
    await Promise.all([kube?.close(), eks?.close()]);
    await database?.stop();
    delete process.env.READINESS_TEST_KEY;
    delete process.env.READINESS_TEST_SECRET;
  });

  const collect = () => Promise.all(buildJobs().map((job) => runJob(job, "test", { force: true })));

  it("is not ready: capacity is unknown with the reason, not 0 of 0", async () => {
    setConfigForProcess(config(file, eks.url));
    const outcomes = await collect();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.map((o) => o.job)).toContain("eks/inventory/us-east-1/eks");

    const use1 = (await listRegionSummaries()).regions.find((r) => r.id === "us-east-1")!;
    // EKS knows the node group; allocatable and requested are zeros nobody measured.
    expect(use1).toMatchObject({ clusters: 1, nodes: 2, allocatable: { cpu: 0, memoryGiB: 0 }, capacityKnown: false });

    const [row] = (await listReadinessRows()).readiness;
    expect(row).toMatchObject({ service: "api", from: "eu-west-1", to: "us-east-1" });
    expect(row.checks.find((c) => c.check === "capacity")).toEqual({
      check: "capacity",
      verdict: "unknown",
      message: "capacity unknown: apps-use1 in us-east-1 report no capacity (an EKS cluster needs a Kubernetes source for allocatable and requested)",
    });
    expect(row.verdict).toBe("unknown");
  });

  it("with a Kubernetes source for the target, the same fleet's capacity is judged (and fits)", async () => {
    setConfigForProcess(config(file, eks.url, "use1"));
    const outcomes = await collect();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect((await listRegionSummaries()).regions.find((r) => r.id === "us-east-1")).toMatchObject({ capacityKnown: true });
    const [row] = (await listReadinessRows()).readiness;
    expect(row.checks.find((c) => c.check === "capacity")).toMatchObject({ verdict: "ready", message: expect.stringMatching(/^needs [\d.]+ CPU \/ \d+ GiB, has 15\.8 CPU \/ 58 GiB$/) });
    expect(row.verdict).not.toBe("unknown");
  });
});
