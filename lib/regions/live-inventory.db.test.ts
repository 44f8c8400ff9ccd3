import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import type { CollectionJob } from "@/lib/collector/types";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { getDeploymentMatrix } from "@/lib/deployments/queries";
import { deploymentMatrixQuery } from "@/lib/deployments/schemas";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { resetLastVersions } from "@/lib/deployments/record-events";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getRegionDetail, listRegionSummaries } from "./queries";

// Two Kubernetes clusters in one region, read through the real client against the contract
// server; then one becomes unreachable: it keeps its last-known data, the other stays current.

function kubeconfig(contexts: Array<{ name: string; server: string }>, token: string): string {
  const lines = ["apiVersion: v1", "kind: Config", `current-context: ${contexts[0].name}`, "clusters:"];
  for (const c of contexts) lines.push(`- name: ${c.name}-cluster`, "  cluster:", `    server: ${c.server}`, "    insecure-skip-tls-verify: true");
  lines.push("users:", "- name: reader", "  user:", `    token: ${token}`, "contexts:");
  for (const c of contexts) lines.push(`- name: ${c.name}`, "  context:", `    cluster: ${c.name}-cluster`, "    user: reader");
  return lines.join("\n") + "\n";
}

const node = (name: string, group: string) => ({
  metadata: { name, labels: { "eks.amazonaws.com/nodegroup": group, "node.kubernetes.io/instance-type": "m6i.2xlarge" } },
  status: { allocatable: { cpu: "7910m", memory: "29Gi" }, conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.31.2-eks" } },
});
const deployment = (name: string, version: string) => ({
  metadata: { name, namespace: "prod", generation: 1, labels: { "app.kubernetes.io/name": name } },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `ghcr.io/acme/${name}:${version}` }] } } },
  status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
});

const collectAllNow = (filter: (job: CollectionJob) => boolean = () => true) => Promise.all(buildJobs().filter(filter).map((job) => runJob(job, "test", { force: true })));

describe("live Kubernetes inventory", () => {
  let database: TestDatabase;
  let kube: KubeServer;
  let file: string;
  beforeAll(async () => {
    database = await startTestDatabase();
    resetLastVersions();
    kube = await startKubeServer();
    kube.objects["/api/v1/nodes"] = [node("n1", "workloads"), node("n2", "workloads")];
    kube.objects["/apis/apps/v1/deployments"] = [deployment("api", "1.4.2")];
    file = path.join(mkdtempSync(path.join(tmpdir(), "meridian-kube-")), "kubeconfig");
    writeFileSync(file, kubeconfig([{ name: "alpha", server: kube.url }, { name: "beta", server: kube.url }], kube.token));
    setConfigForProcess(
      configSchema.parse({
        version: 1,
        regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
        clusters: [
          { id: "alpha", region: "eu-west-1", kind: "kubernetes" },
          { id: "beta", region: "eu-west-1", kind: "kubernetes" },
          { id: "gamma", region: "us-east-1", kind: "kubernetes", context: "missing" },
        ],
        sources: [{ name: "k8s", kind: "kubernetes", kubeconfig: file, timeout: "3s" }],
        systems: [{ id: "shop", name: "Shop", team: "web", services: [{ id: "api", name: "API", team: "web", regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
      }),
    );
  });
  afterAll(async () => {
    await kube?.close();
    await database?.stop();
  });

  it("collects every cluster context into its region; a malformed context fails alone", async () => {
    const outcomes = await collectAllNow();
    expect(outcomes.filter((o) => !o.ok).map((o) => o.job).sort()).toEqual(["k8s/deployments/us-east-1/gamma", "k8s/inventory/us-east-1/gamma"]);
    expect(outcomes.find((o) => o.job === "k8s/inventory/us-east-1/gamma")?.error).toMatch(/no context "missing"/);
    const eu = await getRegionDetail("eu-west-1");
    expect(eu.clusters.map((c) => [c.id, c.status, c.nodes])).toEqual([["alpha", "ok", 2], ["beta", "ok", 2]]);
    expect(eu.summary.allocatable.cpu).toBeCloseTo(4 * 7.91, 1);
    expect(eu.services).toEqual([expect.objectContaining({ service: "api", role: "active", readyReplicas: 4, desiredReplicas: 4, health: "healthy" })]);
    const us = await getRegionDetail("us-east-1");
    expect(us.clusters).toEqual([expect.objectContaining({ id: "gamma", status: "unreachable", unreachableSince: null })]);
    const matrix = await getDeploymentMatrix(deploymentMatrixQuery.parse({}));
    expect(matrix.rows[0].cells["eu-west-1"]).toMatchObject({ version: "1.4.2", readyReplicas: 4, clusters: ["alpha", "beta"] });
  });

  it("an unreachable cluster shows its last-known data and since when; the other stays current", async () => {
    const first = (await getRegionDetail("eu-west-1")).clusters.find((c) => c.id === "beta")!;
    writeFileSync(file, kubeconfig([{ name: "alpha", server: kube.url }, { name: "beta", server: "http://127.0.0.1:1" }], kube.token));
    kube.objects["/api/v1/nodes"] = [node("n1", "workloads"), node("n2", "workloads"), node("n3", "workloads")];
    const outcomes = await collectAllNow((job) => job.name.includes("/eu-west-1/"));
    expect(outcomes.find((o) => o.job === "k8s/inventory/eu-west-1/beta")).toMatchObject({ ok: false, error: expect.stringMatching(/unreachable/) });
    const eu = await getRegionDetail("eu-west-1");
    const alpha = eu.clusters.find((c) => c.id === "alpha")!;
    const beta = eu.clusters.find((c) => c.id === "beta")!;
    expect(alpha).toMatchObject({ status: "ok", nodes: 3, unreachableSince: null });
    expect(beta).toMatchObject({ status: "unreachable", nodes: 2, unreachableSince: first.fetchedAt, error: expect.stringMatching(/unreachable/) });
    const summaries = await listRegionSummaries();
    expect(summaries.regions.find((r) => r.id === "eu-west-1")).toMatchObject({ unreachableClusters: 1, stale: true });
    expect(summaries.freshness.staleSources.map((s) => s.name)).toContain("k8s/inventory/eu-west-1/beta");
  });
});
