import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { getFleetState } from "@/lib/demo/state";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { activeRegionOf } from "@/lib/topology/timeline";
import { people } from "@/tests/support/changes";
import { startTestWorker, waitForRunEnd } from "@/tests/support/jobs";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { approveFailover } from "./approve-failover";
import { executeFailover } from "./execute-failover";
import { getFailover, listDrillLedger } from "./queries";
import { requestFailover } from "./request-failover";
import { startProviders } from "@/lib/server/registry";

// Drills that leave production as it was, on the demo fleet through the job queue: a round trip
// (the runbook, then its fail-back, approved together) and a drill against the declared drill target.

const STACK = ["leaderboard-api", "leaderboard-bff", "leaderboard-cache", "leaderboard-db"];

async function collectAll() {
  await Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
}

const activeNow = async (service: string) => activeRegionOf((await loadTopologyTimeline()).rolesAt(service, Date.now()));

describe("drills (demo fleet)", () => {
  let database: TestDatabase;
  let worker: { stop: () => Promise<void> };
  beforeAll(async () => {
    database = await startTestDatabase();
    worker = await startTestWorker(database.url);
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
    await startProviders();
    await collectAll();
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.stop();
  });

  it("a round-trip drill: the approvers see both legs; one approval runs the drill and then its fail-back; both are in the ledger and production ends where it was", async () => {
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "drill", drillKind: "round-trip", reason: "game day" }, "test");
    expect(run.preflight.drill).toMatchObject({ kind: "round-trip", target: null, failback: { from: "us-east-1", to: "eu-west-1" } });
    expect(run.preflight.drill?.summary).toMatch(/then the fail-back us-east-1 → eu-west-1 starts when it succeeds\. Approving approves both legs\./);
    await approveFailover(people.commander, run.id, { runbookVersion: run.preflight.runbookVersion, target: "us-east-1" }, "test");
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", { collect: () => collectAll() });
    expect(await waitForRunEnd(run.id, 120_000)).toEqual({ outcome: "succeeded" });

    // The fail-back leg was created in the drill's final transaction and runs under its approvals.
    const forward = await getFailover(run.id);
    expect(forward.otherLeg).toMatchObject({ role: "failback" });
    const legId = forward.otherLeg!.id;
    expect(await waitForRunEnd(legId, 120_000)).toEqual({ outcome: "succeeded" });
    const leg = await getFailover(legId);
    expect(leg).toMatchObject({ mode: "drill", drillKind: "round-trip", parentRunId: run.id, from: "us-east-1", to: "eu-west-1", otherLeg: { id: run.id, role: "drill" } });
    expect(leg.approvals.map((a) => a.approver)).toEqual(["commander"]);
    expect(await database.db.failoverApproval.count({ where: { runId: legId } })).toBe(0);
    expect(await database.db.auditEvent.count({ where: { targetId: legId, action: "failover.failback-started" } })).toBe(1);

    // Production is where it was, and the record shows the round trip: there and back, each leg's own.
    for (const service of STACK) expect(await activeNow(service), service).toBe("eu-west-1");
    const periods = (await loadTopologyTimeline()).periods.get("leaderboard-api")!;
    expect(periods.slice(-2).map((p) => [activeRegionOf(p.roles), p.cause, p.failoverRunId])).toEqual([
      ["us-east-1", "failover-run", run.id],
      ["eu-west-1", "failover-run", legId],
    ]);
    expect(forward.topology.map((t) => t.activeRegion)).toEqual(["us-east-1", "us-east-1", "us-east-1", "us-east-1"]);

    const row = (await listDrillLedger()).find((r) => r.service === "leaderboard-api")!;
    expect(row.lastDrill).toMatchObject({ id: run.id, kind: "round-trip", state: "succeeded", failback: { id: legId, state: "succeeded" } });
    expect(row.lastExercised?.id).toBe(legId);
  }, 240_000);

  it("a drill against the drill target: the steps act on the staging stack, production and the record stay where they were", async () => {
    const movesBefore = (await getFleetState()).moves.length;
    const periodsBefore = (await loadTopologyTimeline()).periods.get("leaderboard-api")!.length;
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "monthly drill" }, "test");
    // The runbook declares a target: that is the default, and the approvers see where each step acts.
    expect(run.preflight.drill).toMatchObject({ kind: "target", target: "Leaderboard staging stack", failback: null });
    expect(run.preflight.steps.find((s) => s.type === "shift-traffic")?.detail).toContain("api.staging.leaderboard.example.com");
    expect(run.preflight.steps.find((s) => s.type === "promote")?.detail).toContain("leaderboard-staging-global");
    await approveFailover(people.commander, run.id, { runbookVersion: run.preflight.runbookVersion, target: "us-east-1" }, "test");
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", { collect: () => collectAll() });
    expect(await waitForRunEnd(run.id, 120_000)).toEqual({ outcome: "succeeded" });
    const d = await getFailover(run.id);
    expect(d.steps.find((s) => s.type === "shift-traffic")?.log).toMatch(/drill against Leaderboard staging stack; production .* stays where it is/);
    expect(d.otherLeg).toBeNull();
    expect(d.topology).toEqual([]);
    for (const service of STACK) expect(await activeNow(service), service).toBe("eu-west-1");
    expect((await loadTopologyTimeline()).periods.get("leaderboard-api")!.length).toBe(periodsBefore);
    expect((await getFleetState()).moves.length).toBe(movesBefore);
    expect((await listDrillLedger()).find((r) => r.service === "leaderboard-api")?.lastDrill).toMatchObject({ id: run.id, kind: "target", target: "Leaderboard staging stack", failback: null });
  }, 120_000);
});
