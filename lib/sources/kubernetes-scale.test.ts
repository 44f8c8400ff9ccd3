import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { KubernetesError, loadKubeContext } from "./kubernetes";
import { createKubernetesScaler } from "./kubernetes-scale";

let server: KubeServer;
beforeAll(async () => {
  server = await startKubeServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.slowMs = null;
  server.forbiddenTokens.clear();
  server.scaleRequests.length = 0;
  server.scales.clear();
  server.scales.set("deployments/leaderboard/leaderboard-api", 1);
  server.scales.set("statefulsets/leaderboard/leaderboard-cache", 1);
});

const scaler = (tok?: string, timeoutMs = 2000) => createKubernetesScaler(loadKubeContext(server.kubeconfig("apps-prod-use1", tok), "apps-prod-use1"), { context: "apps-prod-use1", timeoutMs });
const api = { kind: "deployment", namespace: "leaderboard", name: "leaderboard-api" } as const;

describe("Kubernetes scale through @kubernetes/client-node", () => {
  it("merge-patches spec.replicas of a deployment and reports before and after", async () => {
    const out = await scaler().setReplicas(api, 4);
    expect(out).toEqual({ before: 1, after: 4 });
    expect(server.scales.get("deployments/leaderboard/leaderboard-api")).toBe(4);
    const patch = server.scaleRequests.find((r) => r.method === "PATCH");
    expect(patch).toMatchObject({ path: "/apis/apps/v1/namespaces/leaderboard/deployments/leaderboard-api/scale", contentType: "application/merge-patch+json", body: { spec: { replicas: 4 } } });
  });

  it("replaces the Scale of a statefulset and reads it back", async () => {
    const s = scaler();
    const target = { kind: "statefulset", namespace: "leaderboard", name: "leaderboard-cache" } as const;
    await s.replaceReplicas(target, 3);
    const put = server.scaleRequests.find((r) => r.method === "PUT");
    expect(put?.body).toMatchObject({ apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 3 } });
    expect(await s.getScale(target)).toEqual({ specReplicas: 3, statusReplicas: 3 });
  });

  it("maps 404, 403 and a hung API server to typed errors", async () => {
    const missing = await scaler()
      .setReplicas({ ...api, name: "nope" }, 2)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KubernetesError);
    expect((missing as Error).message).toMatch(/HTTP 404: deployments.apps "nope" not found/);

    server.forbiddenTokens.add("reader");
    const denied = await scaler("reader")
      .setReplicas(api, 2)
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ kind: "forbidden" });
    expect((denied as Error).message).toMatch(/cannot get resource "deployments\/scale"/);

    server.slowMs = 5000;
    const slow = await scaler(undefined, 200)
      .getScale(api)
      .catch((e: unknown) => e);
    expect(slow).toMatchObject({ kind: "timeout" });
  });
});
