import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LEADERBOARD, resetLeaderboardWorld } from "@/tests/support/leaderboard-world";
import { loadKubeContext } from "@/lib/sources/kubernetes";
import { createKubernetesScaler } from "@/lib/sources/kubernetes-scale";
import { createRoutingControl } from "@/lib/sources/aws-route53-arc";
import { createRds } from "@/lib/sources/aws-rds";
import { createRoute53 } from "@/lib/sources/aws-route53";
import { startArcServer, type ArcServer } from "@/tests/support/arc-server";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { startRdsServer, type RdsServer } from "@/tests/support/rds-server";
import { startRoute53Server, type Route53Server } from "@/tests/support/route53-server";
import { runbookConfigSchema } from "@/lib/runbooks/config-schema";
import { executeRunbook } from "./execute-runbook";
import { createLiveStepExecutors, type LiveProviders } from "./live-executors";

// The engine with the live executors against local servers in each provider's wire format:
// the real SDK and Kubernetes clients do the talking.

const { euCluster: EU, usCluster: US, zone: ZONE, controls: CTRL } = LEADERBOARD;
let rds: RdsServer;
let r53: Route53Server;
let kube: KubeServer;
let arc: ArcServer;
const creds = { accessKeyId: "AKIDTEST", secretAccessKey: "secret", maxAttempts: 1, timeoutMs: 2000 };
const commands: string[][] = [];

function providers(): LiveProviders {
  return {
    rds: (region) => createRds({ ...creds, region, endpoint: rds.url }),
    route53: () => createRoute53({ ...creds, endpoint: r53.url }),
    arc: () => createRoutingControl({ ...creds, endpoints: [{ url: arc.url, region: "us-west-2" }] }),
    kubernetes: (cluster) => createKubernetesScaler(loadKubeContext(kube.kubeconfig(cluster), cluster), { context: cluster, timeoutMs: 2000 }),
    runCommand: async (argv) => {
      commands.push(argv);
      return { stdout: "ok\n", stderr: "" };
    },
  };
}

const steps = {
  promote: { type: "promote", method: "aurora-global", globalCluster: "leaderboard", targetCluster: { "us-east-1": US, "eu-west-1": EU } },
  scale: { type: "scale", cluster: { "us-east-1": "apps-prod-use1" }, workloads: [{ namespace: "leaderboard", name: "leaderboard-api", replicas: 4 }] },
  weighted: {
    type: "shift-traffic",
    method: "route53-weighted",
    hostedZoneId: ZONE,
    record: "api.leaderboard.example.com",
    sets: { "eu-west-1": { setIdentifier: "eu-west-1", values: ["lb-euw1.elb.amazonaws.com"] }, "us-east-1": { setIdentifier: "us-east-1", values: ["lb-use1.elb.amazonaws.com"] } },
  },
  arc: { type: "shift-traffic", method: "route53-arc", clusterEndpoints: [{ url: "https://arc.example", region: "us-west-2" }], controls: { "eu-west-1": CTRL.eu, "us-east-1": CTRL.us } },
};
const base = { from: "eu-west-1", to: "us-east-1", requestedAt: new Date() } as const;
const deps = {
  getReadiness: async () => null,
  getLagSeconds: async () => 0,
  checkTargetHealth: async () => ({ healthy: true, detail: "ok" }),
  pollMs: 10,
};

beforeAll(async () => {
  [rds, r53, kube, arc] = await Promise.all([startRdsServer(), startRoute53Server(), startKubeServer(), startArcServer()]);
});
afterAll(async () => Promise.all([rds.close(), r53.close(), kube.close(), arc.close()]));
beforeEach(() => {
  commands.length = 0;
  resetLeaderboardWorld({ rds, r53, kube, arc });
});

const writer = () => rds.globalClusters.get("leaderboard")!.members.find((m) => m.isWriter)?.arn;
const weights = () => r53.zones.get(ZONE)!.map((r) => `${r.setIdentifier}=${r.weight}`);

describe("live executors against provider wire formats", () => {
  it("switches Aurora over, scales the target, shifts Route 53 weights", async () => {
    const runbook = runbookConfigSchema.parse({ service: "leaderboard-api", steps: [{ type: "precheck" }, steps.promote, steps.scale, steps.weighted, { type: "verify", healthyFor: "10ms", pollEvery: "10ms" }] });
    const res = await executeRunbook({ ...base, runbook, path: "planned", executors: createLiveStepExecutors(runbook, { ...deps, providers: providers() }), measureLagSeconds: async () => 0.2 });
    expect(res.failedStep).toBeNull();
    expect(res.outcome).toBe("succeeded");
    expect(writer()).toBe(US);
    expect(rds.requests.map((r) => r.action)).toContain("SwitchoverGlobalCluster");
    expect(kube.scales.get("deployments/leaderboard/leaderboard-api")).toBe(4);
    expect(weights()).toEqual(["eu-west-1=0", "us-east-1=100"]);
    expect(res.steps[3].log).toMatch(/INSYNC/);
  });

  it("a failing shift-traffic step rolls back the scale and the switchover, and leaves a failed record", async () => {
    r53.fault = { status: 400, code: "InvalidChangeBatch", message: "[RRSet with DNS name api.leaderboard.example.com. is not permitted in zone leaderboard.example.com.]" };
    const runbook = runbookConfigSchema.parse({ service: "leaderboard-api", steps: [steps.promote, steps.scale, steps.weighted] });
    const res = await executeRunbook({ ...base, runbook, path: "planned", executors: createLiveStepExecutors(runbook, { ...deps, providers: providers() }) });
    expect(res.outcome).toBe("failed");
    expect(res.rolledBack).toBe(true);
    expect(res.failedStep?.error).toMatch(/Route 53 ChangeResourceRecordSets: InvalidChangeBatch/);
    expect(res.steps.map((s) => [s.name, s.state])).toEqual([
      ["Promote replica", "rolled-back"],
      ["Scale up target", "rolled-back"],
      ["Shift traffic", "failed"],
      ["Roll back: Scale up target", "succeeded"],
      ["Roll back: Promote replica", "succeeded"],
    ]);
    // The world is as it was.
    expect(writer()).toBe(EU);
    expect(kube.scales.get("deployments/leaderboard/leaderboard-api")).toBe(1);
    expect(weights()).toEqual(["eu-west-1=100", "us-east-1=0"]);
    expect(rds.requests.filter((r) => r.action === "SwitchoverGlobalCluster").map((r) => r.params.TargetDbClusterIdentifier)).toEqual([US, EU]);
  });

  it("on the data-loss path calls FailoverGlobalCluster with AllowDataLoss and flips ARC controls", async () => {
    const runbook = runbookConfigSchema.parse({ service: "leaderboard-api", steps: [{ type: "wait-for-lag", maxLag: "5s" }, steps.promote, steps.arc] });
    const res = await executeRunbook({ ...base, runbook, path: "data-loss", executors: createLiveStepExecutors(runbook, { ...deps, providers: providers() }), measureLagSeconds: async () => 12 });
    expect(res.outcome).toBe("succeeded");
    expect(res.steps[0].state).toBe("skipped");
    expect(rds.requests.find((r) => r.action === "FailoverGlobalCluster")?.params).toMatchObject({ AllowDataLoss: "true", TargetDbClusterIdentifier: US });
    expect(res.dataLossSeconds).toBe(12);
    expect(arc.controls.get(CTRL.us)?.state).toBe("On");
    expect(arc.controls.get(CTRL.eu)?.state).toBe("Off");
  });

  it("an ARC safety-rule conflict rolls back the Kubernetes scale; a configured rollback command runs", async () => {
    arc.atLeastOn = { rule: "arn:safety/one-region-on", controls: [CTRL.eu, CTRL.us], count: 2 };
    const runbook = runbookConfigSchema.parse({ service: "leaderboard-api", steps: [{ ...steps.scale, rollback: { command: ["kubectl", "rollout", "undo", "deployment/leaderboard-api"] } }, steps.arc] });
    const res = await executeRunbook({ ...base, runbook, path: "planned", executors: createLiveStepExecutors(runbook, { ...deps, providers: providers() }) });
    expect(res.outcome).toBe("failed");
    expect(res.failedStep?.error).toMatch(/ConflictException.*safety rule/);
    expect(commands).toEqual([["kubectl", "rollout", "undo", "deployment/leaderboard-api"]]);
    expect(res.steps[2]).toMatchObject({ isRollback: true, state: "succeeded" });
  });
});
