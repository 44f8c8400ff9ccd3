import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { LEADERBOARD, resetLeaderboardWorld } from "@/tests/support/leaderboard-world";
import { configSchema, type MeridianConfig } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { ConflictError } from "@/lib/http/errors";
import { INVENTORY_KIND } from "@/lib/regions/collector";
import type { RegionInventory } from "@/lib/regions/types";
import type { ReadinessRow } from "@/lib/replication/queries";
import { saveSnapshots } from "@/lib/snapshots/store";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { getConfig } from "@/lib/config/store";
import { addDays, addMonths, monthStart, msToDay } from "@/lib/costs/dates";
import { getRedundancyView } from "@/lib/costs/queries";
import { getTopologyDrift } from "@/lib/topology/queries";
import { recordTopologyChange } from "@/lib/topology/record-topology-change";
import { loadTopologyTimeline, syncConfiguredTopology } from "@/lib/topology/store";
import { activeRegionOf } from "@/lib/topology/timeline";
import { can } from "@/lib/auth/permissions";
import { actor as person } from "@/tests/support/changes";
import { startCostExplorerServer, type CeHandler, type CostExplorerServer } from "@/tests/support/cost-explorer-server";
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

// Readiness and replication lag are another domain's; here they are fixed rows, from the region the
// recorded topology says is active to the other one (so a failback can be requested after a failover).
vi.mock("@/lib/replication/queries", () => {
  const ends = async () => {
    const { loadTopologyTimeline } = await import("@/lib/topology/store");
    const active = (await loadTopologyTimeline()).rolesAt("leaderboard-api", Date.now())["us-east-1"] === "active" ? "us-east-1" : "eu-west-1";
    return { from: active, to: active === "eu-west-1" ? "us-east-1" : "eu-west-1" };
  };
  const row = async () =>
    ({
      service: "leaderboard-api",
      serviceName: "Leaderboard API",
      tier: "critical",
      ...(await ends()),
      verdict: "ready",
      reasons: [],
      checks: [],
      links: ["leaderboard-db"],
      expectedDataLossSec: 0.4,
      evaluatedAt: new Date().toISOString(),
      lastKnownDataLoss: null,
      lagAsOf: null,
      dataAsOf: null,
    }) satisfies ReadinessRow;
  return {
    listReadinessRows: async () => ({ readiness: [await row()], freshness: { fetchedAt: null, staleSources: [] } }),
    listReadiness: async () => [await row()],
    getServiceReadiness: async (service: string) => (service === "leaderboard-api" ? row() : null),
    listLinks: async () => ({ links: [{ linkId: "leaderboard-db", service: "leaderboard-api", ...(await ends()), lagSeconds: 0.4 }], freshness: { fetchedAt: null, staleSources: [] } }),
  };
});

let rds: RdsServer;
let r53: Route53Server;
let kube: KubeServer;
let arc: ArcServer;
let sts: StsServer;
let ce: CostExplorerServer;
let dir: string;

// Cost Explorer's answer for spend by service tag × region: the Leaderboard API costs $100 a day in
// eu-west-1 and $30 a day in us-east-1 whatever its roles (roles decide what counts as redundancy).
const DAILY_USD: Record<string, number> = { "eu-west-1": 100, "us-east-1": 30 };
const costByServiceAndRegion: CeHandler = (body) => {
  const period = body.TimePeriod as { Start: string; End: string };
  const daily = body.Granularity === "DAILY";
  const results = [];
  for (let start = period.Start; start < period.End; ) {
    const next = daily ? addDays(start, 1) : addMonths(monthStart(start), 1) < period.End ? addMonths(monthStart(start), 1) : period.End;
    const days = Math.round((Date.parse(next) - Date.parse(start)) / 86_400_000);
    results.push({
      TimePeriod: { Start: start, End: next },
      Total: {},
      Groups: Object.entries(DAILY_USD).map(([region, usd]) => ({ Keys: ["service$leaderboard-api", region], Metrics: { UnblendedCost: { Amount: (usd * days).toFixed(2), Unit: "USD" } } })),
      Estimated: false,
    });
    start = next;
  }
  return { body: { ResultsByTime: results, DimensionValueAttributes: [] } };
};

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
      { name: "ce", kind: "cost-explorer", endpoint: ce.url, accessKeyId: "env:TEST_FAILOVER_KEY_ID", secretAccessKey: "env:TEST_FAILOVER_SECRET" },
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
  [rds, r53, kube, arc, sts, ce] = await Promise.all([startRdsServer(), startRoute53Server(), startKubeServer(), startArcServer(), startStsServer(), startCostExplorerServer({ GetCostAndUsage: costByServiceAndRegion })]);
  sts.keys.set("AKIDTEST", { arn: "arn:aws:iam::123456789012:user/meridian-failover", userId: "AIDAFAILOVER", account: "123456789012" });
  dir = mkdtempSync(path.join(tmpdir(), "meridian-live-failover-"));
  // Both clusters' contexts (a failback scales in eu-west-1), pointing at the one local API server.
  const [use1, euw1] = ["apps-prod-use1", "apps-prod-euw1"].map((c) => parseYaml(kube.kubeconfig(c)) as Record<string, unknown[]> & { "current-context": string });
  const merged = { ...use1, clusters: [...use1.clusters, ...euw1.clusters], contexts: [...use1.contexts, ...euw1.contexts], users: [...use1.users, ...euw1.users] };
  writeFileSync(path.join(dir, "kubeconfig"), stringifyYaml(merged));
});
afterAll(async () => {
  await Promise.all([rds.close(), r53.close(), kube.close(), arc.close(), sts.close(), ce.close()]);
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
    // eu-west-1 as well: a failback is verified there.
    const euInv: RegionInventory = { ...inv, region: "eu-west-1", clusters: inv.clusters.map((c) => ({ ...c, id: "apps-prod-euw1", region: "eu-west-1" })) };
    await saveSnapshots("kube", new Date(), [{ kind: INVENTORY_KIND, key: "us-east-1/apps-prod-use1", data: inv }, { kind: INVENTORY_KIND, key: "eu-west-1/apps-prod-euw1", data: euInv }]);
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
    // The record starts from the configuration again, as the world does.
    await database.db.roleAssignment.deleteMany({});
    await syncConfiguredTopology(getConfig());
  });

  /** The AWS evidence job, once (what the collector runs each cycle). */
  async function collectEvidence() {
    const jobs = buildJobs().filter((j) => j.name.split("/")[1] === "topology");
    expect(jobs.map((j) => j.name)).toEqual(["aws/topology/evidence"]);
    const [outcome] = await Promise.all(jobs.map((j) => runJob(j, "test", { force: true })));
    expect(outcome).toMatchObject({ ok: true });
  }

  const activeNow = async () => activeRegionOf((await loadTopologyTimeline()).rolesAt("leaderboard-api", Date.now()));

  it("History (live): the failover's Route 53 and RDS calls succeed, the record says us-east-1 from that instant, the evidence agrees, last month's cost of redundancy is unchanged; the failback records eu-west-1 again", async () => {
    const today = msToDay(Date.now());
    const lastMonth = { from: addMonths(monthStart(today), -1), to: addDays(monthStart(today), -1), metric: "unblended" as const };
    const before = await getRedundancyView(lastMonth);
    // us-east-1 was dormant all last month: $30 a day of it.
    expect(before.totalMicros).toBe(30 * 1_000_000 * (Date.parse(monthStart(today)) - Date.parse(lastMonth.from)) / 86_400_000);
    expect(before.byRegion).toEqual([{ region: "us-east-1", amountMicros: before.totalMicros }]);

    const id = await requestAndApprove();
    const started = Date.now();
    await executeFailover(people.operator, id, { breakGlass: false }, "test", hooks);
    expect(await waitForRunEnd(id)).toEqual({ outcome: "succeeded" });
    expect(writer()).toBe(US);
    expect(weights()).toEqual(["eu-west-1=0", "us-east-1=100"]);
    expect(await activeNow()).toBe("us-east-1");
    const period = (await loadTopologyTimeline()).periods.get("leaderboard-api")!.at(-1)!;
    expect(period).toMatchObject({ cause: "failover-run", failoverRunId: id, roles: { "eu-west-1": "dormant", "us-east-1": "active" } });
    // From the instant the first step moved it (the Aurora switchover), within the run.
    expect(period.from).toBeGreaterThanOrEqual(started);
    expect(period.from).toBeLessThanOrEqual(Date.parse((await getFailover(id)).finishedAt!));
    const audit = await database.db.auditEvent.findFirst({ where: { targetId: id, action: "failover.succeeded" } });
    expect((audit?.details as { topology: unknown[] }).topology).toHaveLength(1);

    await collectEvidence();
    expect((await getTopologyDrift()).drift).toEqual([]);
    expect(await getRedundancyView(lastMonth)).toMatchObject({ totalMicros: before.totalMicros, byRegion: before.byRegion });
    // This month was split by the failover: read by day, today's eu-west-1 spend counts as dormant from the failover on.
    const thisMonth = await getRedundancyView({ from: monthStart(today), to: today, metric: "unblended" });
    expect(ce.requests.some((r) => r.body.Granularity === "DAILY" && (r.body.TimePeriod as { Start: string }).Start === monthStart(today))).toBe(true);
    const share = (period.from - Date.parse(today)) / 86_400_000;
    expect(thisMonth.byRegion.find((r) => r.region === "eu-west-1")?.amountMicros).toBe(Math.round(100 * 1e6 * (1 - share)));
    expect(thisMonth.byRegion.find((r) => r.region === "us-east-1")?.amountMicros).toBe(30 * 1e6 * (Date.parse(today) - Date.parse(monthStart(today))) / 86_400_000 + Math.round(30 * 1e6 * share));

    const back = await requestFailover(people.operator, { service: "leaderboard-api", to: "eu-west-1", mode: "failover", reason: "fail back" }, "test");
    expect(back.preflight).toMatchObject({ from: "us-east-1", to: "eu-west-1" });
    await approveFailover(people.commander, back.id, { runbookVersion: back.preflight.runbookVersion, target: "eu-west-1" }, "test");
    await executeFailover(people.operator, back.id, { breakGlass: false }, "test", hooks);
    expect(await waitForRunEnd(back.id), JSON.stringify((await getFailover(back.id)).execution?.failedStep)).toEqual({ outcome: "succeeded" });
    expect(writer()).toBe(EU);
    expect(await activeNow()).toBe("eu-west-1");
    await collectEvidence();
    expect((await getTopologyDrift()).drift).toEqual([]);
    expect(await getRedundancyView(lastMonth)).toMatchObject({ totalMicros: before.totalMicros, byRegion: before.byRegion });
  });

  it("a failover done outside Meridian (Route 53 and Aurora changed by hand) shows as a warning; an admin records it in one click, from when it was first seen", async () => {
    await collectEvidence();
    expect((await getTopologyDrift()).drift).toEqual([]);
    // Someone fails over with the AWS console.
    const gc = rds.globalClusters.get("leaderboard")!;
    for (const m of gc.members) m.isWriter = m.arn === US;
    for (const r of r53.zones.get(ZONE)!) r.weight = r.setIdentifier === "us-east-1" ? 100 : 0;
    arc.controls.set(CTRL.us, { name: "use1", state: "On" });
    arc.controls.set(CTRL.eu, { name: "euw1", state: "Off" });
    await collectEvidence();
    const { drift } = await getTopologyDrift();
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ runbook: "leaderboard-api", observedActive: "us-east-1", services: [{ service: "leaderboard-api", recordedActive: "eu-west-1" }] });
    expect(drift[0].evidence.map((e) => e.kind).sort()).toEqual(["arc-controls", "aurora-writer", "route53-weights"]);
    const firstSeen = drift[0].services[0].since;
    await collectEvidence();
    // Still the same reading: still first seen then.
    expect((await getTopologyDrift()).drift[0].services[0].since).toBe(firstSeen);

    expect(can("operator", "topology.record")).toBe(false);
    expect(can("incident-commander", "topology.record")).toBe(false);
    const admin = person("admin", "admin");
    const recorded = await recordTopologyChange(admin, { services: ["leaderboard-api"], activeRegion: "us-east-1", cause: "detected" }, "test");
    expect(recorded.changes).toMatchObject([{ service: "leaderboard-api", to: { "us-east-1": "active", "eu-west-1": "dormant" }, at: firstSeen }]);
    expect(await activeNow()).toBe("us-east-1");
    expect((await loadTopologyTimeline()).periods.get("leaderboard-api")!.at(-1)).toMatchObject({ cause: "detected", actorName: "admin" });
    const audit = await database.db.auditEvent.findFirst({ where: { action: "topology.recorded" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorName: "admin", targetId: "leaderboard-api" });
    expect(audit?.reason).toContain("Route 53 api.leaderboard.example.com weights: eu-west-1=0, us-east-1=100");
    expect((await getTopologyDrift()).drift).toEqual([]);
    // A second click finds nothing left to record, and says so (audited).
    await expect(recordTopologyChange(admin, { services: ["leaderboard-api"], activeRegion: "us-east-1", cause: "detected" }, "test")).rejects.toBeInstanceOf(ConflictError);
    expect(await database.db.auditEvent.count({ where: { action: "topology.record-refused" } })).toBe(1);
    // Meridian now offers the failback, not the same failover again.
    const preflight = (await requestFailover(people.operator, { service: "leaderboard-api", to: "eu-west-1", mode: "failover", reason: "back" }, "test")).preflight;
    expect(preflight).toMatchObject({ from: "us-east-1", to: "eu-west-1" });
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
