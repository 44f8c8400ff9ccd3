import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseYamlWith } from "@/lib/config/parse-config";
import { configSchema, type MeridianConfig } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { runbookConfigSchema, type RunbookConfig } from "@/lib/runbooks/config-schema";
import { executeRunbook } from "@/lib/failovers/execute-runbook";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { createDemoLagMeasure, createDemoStepExecutors } from "@/lib/failovers/providers/demo";
import { checkDemoTargetHealth, getDemoFailoverPath } from "./failover";
import { demoFleet } from "./fleet";
import { demoRegionInventory } from "./inventory";
import { getDemoLinkEnds } from "./replication";
import { demoSliRatesAt } from "./slis";
import { getFleetState, initialFleetState, writeFleetState, type FleetState } from "./state";
import { activeReleaseIndex, demoWorkloads, releaseInRegion } from "./versions";

const config: MeridianConfig = parseYamlWith(configSchema, readFileSync("config/demo.yaml", "utf8"), "config/demo.yaml");
// The demo's 3 s verify hold, shortened so the suite stays fast.
function fast(rb: RunbookConfig): RunbookConfig {
  return runbookConfigSchema.parse({
    ...rb,
    steps: rb.steps.map((s) => (s.type === "verify" ? { ...s, healthyFor: "150ms", pollEvery: "50ms", timeout: "10s" } : s.type === "wait-for-lag" ? { ...s, maxLag: `${s.maxLag}ms`, timeout: `${s.timeout}ms`, pollEvery: "50ms" } : { ...s, timeout: s.timeout ? `${s.timeout}ms` : undefined })),
    rto: `${rb.rto}ms`,
    rpo: `${rb.rpo}ms`,
    drillMaxAge: `${rb.drillMaxAge}ms`,
  });
}
const leaderboard = fast(config.runbooks.find((r) => r.service === "leaderboard-api")!);
const actor = { id: null, name: "test" };

describe("demo failover", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    // Audit rows ask the configuration which integrations mirror a failover (lib/jobs/mirror.ts).
    setConfigForProcess(config);
  });
  afterAll(async () => database?.stop());

  async function setState(patch: Partial<FleetState>) {
    await database.db.$transaction((tx) => writeFleetState(tx, { ...initialFleetState(new Date(Date.now() - 86_400_000)), ...patch }, "test"));
  }
  // The fleet as the executors see it, from this test's database and the demo config.
  const loadFleet = async (at = Date.now()) => demoFleet(config, await getFleetState(database.db), at);

  beforeEach(async () => setState({}));

  it("fails the Leaderboard stack over to us-east-1: roles, replication, versions and SLIs follow", async () => {
    const before = await loadFleet();
    expect(getDemoFailoverPath(before, "eu-west-1")).toBe("planned");
    expect(checkDemoTargetHealth(before, ["leaderboard-api"], "us-east-1")).toMatchObject({ healthy: false, detail: "leaderboard-api: no traffic yet" });

    const res = await executeRunbook({
      runbook: leaderboard,
      runId: "run-1",
      from: "eu-west-1",
      to: "us-east-1",
      path: "planned",
      requestedAt: new Date(),
      executors: createDemoStepExecutors(leaderboard, { actor, runId: "run-1", loadFleet, getReadiness: async () => null }),
      measureLagSeconds: createDemoLagMeasure(leaderboard, loadFleet),
    });
    expect(res.failedStep).toBeNull();
    expect(res.outcome).toBe("succeeded");
    expect(res.promoteAction).toBe("aurora-switchover");
    expect(res.rtoSeconds).not.toBeNull();

    const state = await getFleetState(database.db);
    expect(state.moves.map((m) => [m.service, m.region])).toEqual([["leaderboard-db", "us-east-1"], ["leaderboard-cache", "us-east-1"], ["leaderboard-api", "us-east-1"], ["leaderboard-bff", "us-east-1"]]);
    // The run reports the instant each service moved: the one the topology record will carry.
    expect(res.moved.map((m) => [m.service, m.at.toISOString()])).toEqual(state.moves.map((m) => [m.service, m.at]));
    const audit = await database.db.auditEvent.findMany({ where: { targetId: "run-1" }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["failover.step.promote", "failover.step.scale", "failover.step.shift-traffic"]);

    const after = demoFleet(config, state, Date.now());
    // Inventory roles.
    expect(demoRegionInventory(after, "us-east-1").services.find((s) => s.service === "leaderboard-api")?.role).toBe("active");
    expect(demoRegionInventory(after, "eu-west-1").services.find((s) => s.service === "leaderboard-db")?.role).toBe("dormant");
    // Replication now runs from us-east-1.
    const link = config.links.find((l) => l.service === "leaderboard-db")!;
    expect(getDemoLinkEnds(after, link)).toEqual({ from: "us-east-1", to: "eu-west-1" });
    // Versions: us-east-1 is the region releases reach first, and drift is measured against it.
    const api = after.topology.services.find((s) => s.id === "leaderboard-api")!;
    expect(activeReleaseIndex(api, after.at, after.opts)).toBe(releaseInRegion(api, "us-east-1", after.at, after.opts)?.index);
    expect(demoWorkloads(after.topology, "us-east-1", after.at, after.opts, () => 1).find((w) => w.service === "leaderboard-api")!.desiredReplicas).toBeGreaterThan(1);
    // SLIs: traffic moved.
    const slo = (region: string) => ({ id: `lb-avail-${region}`, service: "leaderboard-api", region, kind: "availability" as const, objective: 99.5 });
    expect(demoSliRatesAt(after, slo("us-east-1"), after.at).total).toBeGreaterThan(0);
    expect(demoSliRatesAt(after, slo("eu-west-1"), after.at).total).toBe(0);
    // An unrelated service stays where it was.
    expect(after.topology.services.find((s) => s.id === "indexer-db")?.activeRegion).toBe("eu-west-1");
  });

  it("a failing shift-traffic step rolls the fleet back to where it was", async () => {
    const executors = createDemoStepExecutors(leaderboard, { actor, runId: "run-2", loadFleet, getReadiness: async () => null });
    const shift = executors["shift-traffic"];
    executors["shift-traffic"] = {
      ...shift,
      run: async (_step, ctx) => {
        ctx.log("ChangeResourceRecordSets: InvalidChangeBatch");
        throw new Error("Route 53 ChangeResourceRecordSets: InvalidChangeBatch");
      },
    };
    const res = await executeRunbook({ runbook: leaderboard, runId: "run-2", from: "eu-west-1", to: "us-east-1", path: "planned", requestedAt: new Date(), executors });
    expect(res.outcome).toBe("failed");
    expect(res.rolledBack).toBe(true);
    expect(res.steps.filter((s) => s.isRollback).map((s) => [s.name, s.state])).toEqual([
      ["Roll back: Scale up API and BFF", "succeeded"],
      ["Roll back: Promote Aurora secondary", "succeeded"],
      ["Roll back: Freeze leaderboard writes", "succeeded"],
    ]);
    // Moved and moved back: the simulated fleet keeps both moves (its past), and is where it was.
    const moved = await getFleetState(database.db);
    expect(moved.moves.map((m) => [m.service, m.region])).toEqual([["leaderboard-db", "us-east-1"], ["leaderboard-cache", "us-east-1"], ["leaderboard-cache", "eu-west-1"], ["leaderboard-db", "eu-west-1"]]);
    expect(demoFleet(config, moved, Date.now()).topology.services.filter((x) => x.system === "leaderboard" && x.activeRegion).map((x) => x.activeRegion)).toEqual(["eu-west-1", "eu-west-1", "eu-west-1", "eu-west-1"]);
    expect(res.moved).toEqual([]);
    const audit = await database.db.auditEvent.findMany({ where: { targetId: "run-2" }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["failover.step.promote", "failover.step.scale", "failover.step.scale.rolled-back", "failover.step.promote.rolled-back"]);
  });

  it("in the eu-west-1 outage takes the data-loss path and still lands in us-east-1", async () => {
    await setState({ scenario: "eu-west-1-outage", scenarioSince: new Date(Date.now() - 600_000).toISOString() });
    const fleet = await loadFleet();
    const path = getDemoFailoverPath(fleet, "eu-west-1");
    expect(path).toBe("data-loss");
    const res = await executeRunbook({
      runbook: leaderboard,
      from: "eu-west-1",
      to: "us-east-1",
      path,
      requestedAt: new Date(),
      executors: createDemoStepExecutors(leaderboard, { actor, loadFleet, getReadiness: async () => null }),
      measureLagSeconds: createDemoLagMeasure(leaderboard, loadFleet),
    });
    expect(res.outcome).toBe("succeeded");
    expect(res.promoteAction).toBe("aurora-failover");
    expect(res.steps[2]).toMatchObject({ type: "wait-for-lag", state: "skipped" });
    expect(res.steps[2].log).toMatch(/eu-west-1 is unreachable/);
    expect(res.steps[3].log).toMatch(/FailoverGlobalCluster \(AllowDataLoss\)/);
    // The last lag the dark link reported is the estimate.
    expect(res.dataLossSeconds).toBeGreaterThan(0);
    expect(demoRegionInventory(demoFleet(config, await getFleetState(database.db), Date.now()), "us-east-1").services.find((s) => s.service === "leaderboard-api")?.role).toBe("active");
  });

  it("fails back: the configured region is active again", async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    await setState({ moves: ["leaderboard-db", "leaderboard-cache", "leaderboard-api", "leaderboard-bff"].map((service) => ({ service, region: "us-east-1", at })) });
    const res = await executeRunbook({
      runbook: leaderboard,
      from: "us-east-1",
      to: "eu-west-1",
      path: "planned",
      requestedAt: new Date(),
      executors: createDemoStepExecutors(leaderboard, { actor, loadFleet, getReadiness: async () => null }),
    });
    expect(res.outcome).toBe("succeeded");
    const fleet = demoFleet(config, await getFleetState(database.db), Date.now());
    expect(fleet.topology.services.filter((x) => x.system === "leaderboard" && x.activeRegion).map((x) => x.activeRegion)).toEqual(["eu-west-1", "eu-west-1", "eu-west-1", "eu-west-1"]);
  });
});
