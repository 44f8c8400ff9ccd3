import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { chartVersion, createKubernetes, imageTag, KubernetesError, loadKubeContext, parseQuantity } from "./kubernetes";

function deployment(name: string, over: { image?: string; labels?: Record<string, string>; annotations?: Record<string, string>; replicas?: number; status?: Record<string, unknown>; paused?: boolean; generation?: number } = {}) {
  return {
    metadata: { name, namespace: "payments", generation: over.generation ?? 3, labels: over.labels ?? { "app.kubernetes.io/name": name }, annotations: over.annotations },
    spec: {
      replicas: over.replicas ?? 3,
      paused: over.paused,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: over.image ?? `ghcr.io/acme/${name}:1.4.2` }] } },
    },
    status: over.status ?? {
      observedGeneration: 3, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable", lastUpdateTime: "2025-05-30T08:00:00Z", lastTransitionTime: "2025-05-30T08:00:00Z" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", lastUpdateTime: "2025-05-31T09:15:00Z", lastTransitionTime: "2025-05-01T08:00:00Z" },
      ],
    },
  };
}

let server: KubeServer;
beforeAll(async () => {
  server = await startKubeServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.slowMs = null;
  server.requests.length = 0;
  server.forbiddenTokens.clear();
  server.objects = {};
});

const where = { region: "eu-west-1", cluster: "prod-euw1" };
const kube = (tok?: string, timeoutMs = 2000, pageSize = 2) => createKubernetes(loadKubeContext(server.kubeconfig("prod-euw1", tok), "prod-euw1"), { context: "prod-euw1", timeoutMs, pageSize });

describe("quantities and versions", () => {
  it("parses CPU and memory quantities", () => {
    expect(parseQuantity("7910m")).toBeCloseTo(7.91, 10);
    expect(parseQuantity("8")).toBe(8);
    expect(parseQuantity("32Gi")).toBe(32 * 1024 ** 3);
    expect(parseQuantity("32827056Ki")).toBe(32827056 * 1024);
    expect(parseQuantity("129e6")).toBe(129_000_000);
    expect(parseQuantity("1.5G")).toBe(1.5e9);
    expect(() => parseQuantity("12 cores")).toThrow(/not a Kubernetes quantity/);
  });
  it("reads image tags past registry ports and digests, and Helm chart versions", () => {
    expect(imageTag("registry.local:5000/acme/api:2.0.1@sha256:abc")).toBe("2.0.1");
    expect(imageTag("registry.local:5000/acme/api")).toBeNull();
    expect(chartVersion("payments-api-2.7.0")).toBe("2.7.0");
  });
});

describe("Kubernetes through the real @kubernetes/client-node", () => {
  it("lists workloads across continue pages and maps version, replicas and rollout state", async () => {
    server.objects["/apis/apps/v1/deployments"] = [
      deployment("api", { annotations: { "meridian.io/deployer": "ci@github-actions (dana)", "meridian.io/commit": "9f3c2ab" } }),
      deployment("worker", {
        image: "ghcr.io/acme/worker:latest",
        labels: { "app.kubernetes.io/instance": "worker-prod", "helm.sh/chart": "worker-3.1.0" },
        annotations: { "meta.helm.sh/release-name": "worker-prod", "meta.helm.sh/release-namespace": "payments", "org.opencontainers.image.revision": "77aa01c" },
      }),
      deployment("web", { paused: true }),
      deployment("ledger", {
        status: { observedGeneration: 3, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] },
      }),
      deployment("search", { generation: 4, status: { observedGeneration: 4, replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, conditions: [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated" }] } }),
    ];
    server.objects["/apis/apps/v1/statefulsets"] = [
      {
        metadata: { name: "orders-db", namespace: "payments", generation: 2, labels: { "app.kubernetes.io/name": "orders-db", "app.kubernetes.io/version": "15.4" } },
        spec: { replicas: 2, selector: {}, serviceName: "orders-db", template: { spec: { containers: [{ name: "postgres", image: "postgres" }] } } },
        status: { observedGeneration: 2, replicas: 2, readyReplicas: 1, updatedReplicas: 2, currentRevision: "r1", updateRevision: "r1" },
      },
    ];
    server.objects["/apis/apps/v1/daemonsets"] = [
      {
        metadata: { name: "node-agent", namespace: "kube-system", generation: 1, labels: {} },
        spec: { selector: {}, template: { spec: { containers: [{ name: "node-agent", image: "ghcr.io/acme/node-agent:0.9.1" }] } } },
        status: { observedGeneration: 1, desiredNumberScheduled: 6, currentNumberScheduled: 6, numberReady: 6, updatedNumberScheduled: 6, numberAvailable: 6, numberMisscheduled: 0 },
      },
    ];
    const ws = await kube().listWorkloads({ ...where, workloadMap: { "payments/worker": "payments-worker" } });
    const by = Object.fromEntries(ws.map((w) => [w.service, w]));
    expect(ws).toHaveLength(7);
    expect(by.api).toMatchObject({ kind: "Deployment", version: "1.4.2", readyReplicas: 3, desiredReplicas: 3, rollout: "complete", deployedAt: "2025-05-31T09:15:00.000Z", region: "eu-west-1", cluster: "prod-euw1" });
    // "latest" says nothing: the Helm chart's version is used; the config's namespace/name mapping names the service.
    expect(by["payments-worker"]).toMatchObject({ version: "3.1.0", chart: "worker-3.1.0" });
    // Who and what shipped it, where the workload says: CI's annotations, Helm's release, the OCI revision.
    expect(by.api).toMatchObject({ deployer: "ci@github-actions (dana)", commit: "9f3c2ab", release: null });
    expect(by["payments-worker"]).toMatchObject({ deployer: null, commit: "77aa01c", release: "payments/worker-prod" });
    expect(by.web).toMatchObject({ deployer: null, commit: null, release: null });
    expect(by.web.rollout).toBe("paused");
    expect(by.ledger.rollout).toBe("failed");
    expect(by.search.rollout).toBe("progressing");
    expect(by["orders-db"]).toMatchObject({ kind: "StatefulSet", version: "15.4", readyReplicas: 1, desiredReplicas: 2 });
    expect(by["node-agent"]).toMatchObject({ kind: "DaemonSet", version: "0.9.1", readyReplicas: 6, desiredReplicas: 6, rollout: "complete" });
    // 5 deployments at 2 per page = 3 requests, the 2nd and 3rd carrying the continue token.
    const dep = server.requests.filter((r) => r.path === "/apis/apps/v1/deployments");
    expect(dep.map((r) => r.query.limit)).toEqual(["2", "2", "2"]);
    expect(dep[0].query.continue).toBeUndefined();
    expect(dep[2].query.continue).toBeTruthy();
    expect(dep[0].authorization).toBe("Bearer test-token");
  });

  it("lists nodes with allocatable and sums pod requests", async () => {
    const node = (name: string, cpu: string, memory: string, ready = "True") => ({
      metadata: { name, labels: { "eks.amazonaws.com/nodegroup": "workloads", "node.kubernetes.io/instance-type": "m6i.2xlarge" } },
      status: { allocatable: { cpu, memory, pods: "58" }, conditions: [{ type: "Ready", status: ready }], nodeInfo: { kubeletVersion: "v1.31.2-eks-94953ac" } },
    });
    server.objects["/api/v1/nodes"] = [node("a", "7910m", "30Gi"), node("b", "7910m", "30Gi"), node("c", "3920m", "14Gi", "False")];
    server.objects["/api/v1/pods"] = [
      { metadata: { name: "p1" }, spec: { containers: [{ name: "a", resources: { requests: { cpu: "500m", memory: "512Mi" } } }, { name: "b", resources: { requests: { cpu: "250m" } } }] } },
      // Init container bigger than the containers' sum: 2 CPU counts, memory 1 Gi from the container.
      { metadata: { name: "p2" }, spec: { initContainers: [{ name: "i", resources: { requests: { cpu: "2" } } }], containers: [{ name: "a", resources: { requests: { cpu: "100m", memory: "1Gi" } } }] } },
    ];
    const k = kube();
    const nodes = await k.listNodes();
    expect(nodes.map((n) => [n.name, n.ready, n.allocatable.cpu])).toEqual([["a", true, 7.91], ["b", true, 7.91], ["c", false, 3.92]]);
    expect(nodes[0]).toMatchObject({ nodeGroup: "workloads", instanceType: "m6i.2xlarge", allocatable: { memoryGiB: 30 } });
    const req = await k.getRequested();
    expect(req.cpu).toBeCloseTo(0.75 + 2, 10); // 500m + 250m, then max(2, 100m)
    expect(req.memoryGiB).toBeCloseTo(0.5 + 1, 10);
    expect(server.requests.find((r) => r.path === "/api/v1/pods")?.query.fieldSelector).toBe("status.phase!=Succeeded,status.phase!=Failed");
  });

  it("a wrong token is a 401 auth error; a token without RBAC is a 403 that quotes the server", async () => {
    const e1 = (await kube("expired-token").listNodes().catch((e: unknown) => e)) as KubernetesError;
    expect(e1).toBeInstanceOf(KubernetesError);
    expect(e1.kind).toBe("auth");
    expect(e1.message).toMatch(/401/);
    server.forbiddenTokens.add("reader");
    const e2 = (await kube("reader").listWorkloads(where).catch((e: unknown) => e)) as KubernetesError;
    expect(e2.kind).toBe("forbidden");
    expect(e2.message).toMatch(/cannot list resource "(deployments|statefulsets|daemonsets)"/);
  });

  it("a slow API server times out", async () => {
    server.slowMs = 5000;
    const started = Date.now();
    const err = (await kube(undefined, 300).listNodes().catch((e: unknown) => e)) as KubernetesError;
    expect(err.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a malformed kubeconfig or a missing context is a kubeconfig error, not a crash", () => {
    expect(() => loadKubeContext("clusters:\n- name: x\n  cluster: {}\n", "x")).toThrow(KubernetesError);
    expect(() => loadKubeContext("clusters:\n- name: x\n  cluster: {}\n", "x")).toThrow(/malformed.*server is missing/);
    expect(() => loadKubeContext(server.kubeconfig("prod-euw1"), "staging")).toThrow(/no context "staging" \(has: prod-euw1\)/);
    expect(() => loadKubeContext(": : :\n\t- [", "x")).toThrow(/malformed/);
  });
});
