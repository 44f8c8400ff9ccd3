import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LEADERBOARD, resetLeaderboardWorld } from "@/tests/support/leaderboard-world";
import { configSchema, type MeridianConfig } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { ConflictError } from "@/lib/http/errors";
import { INVENTORY_KIND } from "@/lib/regions/collector";
import type { RegionInventory } from "@/lib/regions/types";
import type { ReadinessRow } from "@/lib/replication/queries";
import { saveSnapshots } from "@/lib/snapshots/store";
import { startArcServer, type ArcServer } from "@/tests/support/arc-server";
import { people } from "@/tests/support/changes";
import { startKubeServer, type KubeServer } from "@/tests/support/kubernetes-api-server";
import { startRdsServer, type RdsServer } from "@/tests/support/rds-server";
import { startRoute53Server, type Route53Server } from "@/tests/support/route53-server";
import { startStsServer, type StsServer } from "@/tests/support/sts-server";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startTestWorker, waitForRunEnd } from "@/tests/support/jobs";
import { approveFailover } from "./approve-failover";
import { executeFailover, type ExecuteHooks } from "./execute-failover";
import { getFailover } from "./queries";
import { requestFailover } from "./request-failover";

// A non-demo console: the failover runs through createLiveProviders (config + env: secrets) and the
// real SDK and Kubernetes clients, against local servers speaking each provider's wire format.

const { euCluster: EU, usCluster: US, zone: ZONE, controls: CTRL } = LEADERBOARD;

// Readiness and replication lag are another domain's; here they are fixed rows.
vi.mock("@/lib/replication/queries", () => {
  const row = {
    service: "leaderboard-api",
    serviceName: "Leaderboard API",
    tier: "critical",
    from: "eu-west-1",
    to: "us-east-1",
    verdict: "ready",
    reasons: [],
    checks: [],
    links: ["leaderboard-db"],
    expectedDataLossSec: 0.4,
    evaluatedAt: new Date().toISOString(),
    lastKnownDataLoss: null,
    dataAsOf: null,
  } satisfies ReadinessRow;
  return {
    listReadinessRows: async () => ({ readiness: [row], freshness: { fetchedAt: null, staleSources: [] } }),
    getServiceReadiness: async (service: string) => (service === row.service ? row : null),
    listLinks: async () => ({ links: [{ linkId: "leaderboard-db", service: "leaderboard-api", from: "eu-west-1", to: "us-east-1", lagSeconds: 0.4 }], freshness: { fetchedAt: null, staleSources: [] } }),
  };
});

let rds: RdsServer;
let r53: Route53Server;
let kube: KubeServer;
let arc: ArcServer;
let sts: StsServer;
let dir: string;

function liveConfig(): MeridianConfig {
  return configSchema.parse({
    version: 1,
    regions: [
      { id: "eu-west-1", name: "Ireland" },
      { id: "us-east-1", name: "N. Virginia" },
    ],
    clusters: [
      { id: "apps-prod-euw1", region: "eu-west-1", kind: "kubernetes", context: "apps-prod-euw1" },
      { id: "apps-prod-use1", region: "us-east-1", kind: "kubernetes", context: "apps-prod-use1" },
    ],
    sources: [
      { name: "aws", kind: "aws", accessKeyId: "env:TEST_FAILOVER_KEY_ID", secretAccessKey: "env:TEST_FAILOVER_SECRET", endpoints: { rds: rds.url, route53: r53.url, sts: sts.url } },
      { name: "kube", kind: "kubernetes", kubeconfig: path.join(dir, "kubeconfig") },
    ],
    systems: [{ id: "leaderboard", name: "Leaderboard", team: "games", services: [{ id: "leaderboard-api", name: "Leaderboard API", team: "games", tier: "critical", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
    runbooks: [
      {
        service: "leaderboard-api",
        steps: [
          { type: "precheck" },
          { type: "wait-for-lag", maxLag: "5s", pollEvery: "10ms" },
          { type: "promote", method: "aurora-global", globalCluster: "leaderboard", targetCluster: { "us-east-1": US, "eu-west-1": EU } },
          { type: "scale", cluster: { "us-east-1": "apps-prod-use1", "eu-west-1": "apps-prod-euw1" }, workloads: [{ namespace: "leaderboard", name: "leaderboard-api", replicas: 4 }] },
          {
            type: "shift-traffic",
            name: "Route 53 weights",
            method: "route53-weighted",
            hostedZoneId: ZONE,
            record: "api.leaderboard.example.com",
            sets: { "eu-west-1": { setIdentifier: "eu-west-1", values: ["lb-euw1.elb.amazonaws.com"] }, "us-east-1": { setIdentifier: "us-east-1", values: ["lb-use1.elb.amazonaws.com"] } },
          },
          { type: "shift-traffic", name: "ARC routing controls", method: "route53-arc", clusterEndpoints: [{ url: arc.url, region: "us-west-2" }], controls: { "eu-west-1": CTRL.eu, "us-east-1": CTRL.us } },
          { type: "verify", healthyFor: "10ms", pollEvery: "10ms" },
        ],
      },
    ],
  });
}

const hooks: ExecuteHooks = { livePollMs: 10, collect: async () => undefined, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))) };

async function requestAndApprove(): Promise<string> {
  const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "live test" }, "test");
  const d = await getFailover(run.id);
  await approveFailover(people.commander, run.id, { runbookVersion: d.runbookVersion, target: d.to }, "test");
  return run.id;
}

const writer = () => rds.globalClusters.get("leaderboard")!.members.find((m) => m.isWriter)?.arn;
const weights = () => r53.zones.get(ZONE)!.map((r) => `${r.setIdentifier}=${r.weight}`);

beforeAll(async () => {
  [rds, r53, kube, arc, sts] = await Promise.all([startRdsServer(), startRoute53Server(), startKubeServer(), startArcServer(), startStsServer()]);
  sts.keys.set("AKIDTEST", { arn: "arn:aws:iam::123456789012:user/meridian-failover", userId: "AIDAFAILOVER", account: "123456789012" });
  dir = mkdtempSync(path.join(tmpdir(), "meridian-live-failover-"));
  writeFileSync(path.join(dir, "kubeconfig"), kube.kubeconfig("apps-prod-use1"));
});
afterAll(async () => {
  await Promise.all([rds.close(), r53.close(), kube.close(), arc.close(), sts.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("live failover", () => {
  let database: TestDatabase;
  let worker: { stop: () => Promise<void> };
  beforeAll(async () => {
    database = await startTestDatabase();
    worker = await startTestWorker(database.url);
    setConfigForProcess(liveConfig());
    // The target region's inventory says healthy: what the verify step holds it to without SLOs.
    const inv: RegionInventory = { region: "us-east-1", health: "healthy", clusters: [{ id: "apps-prod-use1", region: "us-east-1", kind: "kubernetes", version: "v1.31", status: "ok", nodeGroups: [], nodes: 3, allocatable: { cpu: 12, memoryGiB: 48 }, requested: { cpu: 2, memoryGiB: 8 } }], services: [] };
    await saveSnapshots("kube", new Date(), [{ kind: INVENTORY_KIND, key: "us-east-1/apps-prod-use1", data: inv }]);
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.stop();
  });
  beforeEach(async () => {
    vi.stubEnv("TEST_FAILOVER_KEY_ID", "AKIDTEST");
    vi.stubEnv("TEST_FAILOVER_SECRET", "secret");
    await database.db.failoverRun.updateMany({ where: { state: { in: ["requested", "approved", "running"] } }, data: { state: "aborted" } });
    resetLeaderboardWorld({ rds, r53, kube, arc });
  });

  it("request → commander approves → execute runs every step through the real clients", async () => {
    const id = await requestAndApprove();
    await executeFailover(people.operator, id, { breakGlass: false }, "test", hooks);
    const result = await waitForRunEnd(id);
    const d = await getFailover(id);
    expect(d.execution?.failedStep ?? null).toBeNull();
    expect(d.state).toBe("succeeded");
    expect(result?.outcome).toBe("succeeded");
    expect(d.steps.map((s) => s.state)).toEqual(Array(7).fill("succeeded"));
    expect(d.dataLossSeconds).toBe(0); // planned switchover: nothing lost
    expect(writer()).toBe(US);
    expect(rds.requests.map((r) => r.action)).toContain("SwitchoverGlobalCluster");
    expect(kube.scales.get("deployments/leaderboard/leaderboard-api")).toBe(4);
    expect(weights()).toEqual(["eu-west-1=0", "us-east-1=100"]);
    expect(arc.controls.get(CTRL.us)?.state).toBe("On");
    expect(arc.controls.get(CTRL.eu)?.state).toBe("Off");
    expect(d.steps[1].log).toContain("lag 0.4 s ≤ 5 s");
    expect(d.steps[4].log).toMatch(/INSYNC/);
    expect(d.steps[6].log).toMatch(/us-east-1: healthy/);
  });

  it("Route 53 answering InvalidChangeBatch rolls back the scale and the switchover and leaves a failed record", async () => {
    r53.fault = { status: 400, code: "InvalidChangeBatch", message: "[RRSet with DNS name api.leaderboard.example.com. is not permitted in zone leaderboard.example.com.]" };
    const id = await requestAndApprove();
    await executeFailover(people.operator, id, { breakGlass: false }, "test", hooks);
    await waitForRunEnd(id);
    const d = await getFailover(id);
    expect(d.state).toBe("failed");
    expect(d.execution).toMatchObject({ outcome: "failed", rolledBack: true, rollbackFailed: false, failedStep: { name: "Route 53 weights" } });
    expect(d.execution?.failedStep?.error).toMatch(/Route 53 ChangeResourceRecordSets: InvalidChangeBatch/);
    // Read-only steps (precheck, wait-for-lag) have nothing to undo.
    expect(d.steps.filter((s) => s.isRollback).map((s) => [s.name, s.state])).toEqual([
      ["Roll back: Scale up target", "succeeded"],
      ["Roll back: Promote replica", "succeeded"],
    ]);
    // The world is as it was.
    expect(writer()).toBe(EU);
    expect(kube.scales.get("deployments/leaderboard/leaderboard-api")).toBe(1);
    expect(weights()).toEqual(["eu-west-1=100", "us-east-1=0"]);
    expect(arc.controls.get(CTRL.eu)?.state).toBe("On");
    const actions = (await database.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["failover.step-failed", "failover.rollback-succeeded", "failover.failed"]));
  });

  it("the preflight proves the credentials before anyone approves: approvers see who will act", async () => {
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "live test" }, "test");
    expect(run.preflight.readiness).toMatchObject({ verdict: "ready" });
    expect(run.preflight.readiness?.reasons).toContainEqual({ check: "credentials", verdict: "ready", message: "credentials for source aws: act as arn:aws:iam::123456789012:user/meridian-failover (account 123456789012)" });
    expect(sts.requests.at(-1)).toMatchObject({ action: "GetCallerIdentity", accessKeyId: "AKIDTEST" });
  });

  it("credentials AWS refuses make the preflight not-ready with the reason, and the request is refused", async () => {
    vi.stubEnv("TEST_FAILOVER_KEY_ID", "AKIDREVOKED");
    const err = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "live test" }, "test").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(
      "leaderboard-api is not-ready for us-east-1 (credentials for source aws: STS GetCallerIdentity refused them: InvalidClientTokenId: The security token included in the request is invalid.). Request with a precheck override and a written reason to proceed.",
    );
    const refused = await database.db.auditEvent.findFirst({ where: { action: "failover.request-refused" }, orderBy: { seq: "desc" } });
    expect(refused?.reason).toContain("credentials for source aws: STS GetCallerIdentity refused them");
    vi.stubEnv("TEST_FAILOVER_KEY_ID", "AKIDTEST");
    vi.stubEnv("TEST_FAILOVER_SECRET", "");
    const unset = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "live test" }, "test").catch((e: unknown) => e);
    expect((unset as Error).message).toContain("(credentials for source aws: TEST_FAILOVER_SECRET is not set (sources.aws.secretAccessKey))");
    expect(rds.requests).toHaveLength(0);
  });

  it("credentials gone between approval and execution: execute is a 409 naming the variables to set, and nothing is called", async () => {
    const id = await requestAndApprove();
    vi.stubEnv("TEST_FAILOVER_SECRET", "");
    const err = await executeFailover(people.operator, id, { breakGlass: false }, "test", hooks).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe("Live failover executors are not configured for the leaderboard-api runbook: set TEST_FAILOVER_SECRET (sources.aws.secretAccessKey).");
    expect((await getFailover(id)).state).toBe("approved");
    expect(rds.requests).toHaveLength(0);
  });
});
