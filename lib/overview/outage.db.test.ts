import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getFleetState, writeFleetState } from "@/lib/demo/state";
import type { Scenario } from "@/lib/demo/scenarios";
import { listRegionSummaries } from "@/lib/regions/queries";
import { listSourceHealth } from "@/lib/snapshots/freshness";
import { listLinks } from "@/lib/replication/queries";
import { getSloOverview } from "@/lib/slos/queries";
import { setSloDefinitionsForProcess } from "@/lib/slos/store";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { listIncidentActions } from "./incident";
import { listBurningSlos, listRegionTiles } from "./queries";
import { startProviders } from "@/lib/server/registry";

// The demo fleet's eu-west-1 outage through every domain at the data layer: one collection after
// the switch nothing of eu-west-1 reads ok, and the overview says what to do.

async function collectOnce() {
  return Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
}

async function setScenario(scenario: Scenario) {
  const state = await getFleetState();
  await db().$transaction((tx) => writeFleetState(tx, { ...state, scenario, scenarioSince: new Date().toISOString() }, "test"));
}

describe("eu-west-1 outage across regions, SLOs, links and the overview (demo fleet)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve(__dirname, "../../config/demo.yaml")));
    setSloDefinitionsForProcess(null);
    await startProviders();
    expect((await collectOnce()).filter((o) => !o.ok)).toEqual([]);
  });
  afterAll(async () => database?.stop());

  it("steady: no region in trouble, so the overview leads with nothing to do; rows of jobs no longer configured are history, not dark sources", async () => {
    // What an upgrade or a removed cluster leaves behind: the old one-job-per-source SLO row and a
    // removed cluster's inventory part, both long silent.
    const old = new Date(Date.now() - 3_600_000);
    await db().sourceStatus.create({ data: { name: "demo/slos/all", kind: "demo", intervalSec: 30, lastSuccessAt: old, lastTakenAt: old } });
    await db().sourceStatus.create({ data: { name: "k8s-old/inventory/eu-west-1/gone", kind: "kubernetes", intervalSec: 30, lastSuccessAt: old, consecutiveFailures: 4 } });
    await db().snapshot.create({ data: { kind: "inventory", key: "eu-west-1/gone", source: "k8s-old", fetchedAt: old, takenAt: old, data: { region: "eu-west-1", health: "down", clusters: [], services: [] } } });
    expect(await listIncidentActions()).toEqual([]);
    const { regions, freshness } = await listRegionSummaries();
    expect(regions.map((r) => r.health)).toEqual(["healthy", "healthy"]);
    expect(freshness.staleSources).toEqual([]);
    expect((await listRegionTiles()).map((t) => t.failingSources)).toEqual([0, 0]);
    expect((await listSourceHealth()).filter((h) => h.retired).map((h) => h.name).sort()).toEqual(["demo/slos/all", "k8s-old/inventory/eu-west-1/gone"]);
  });

  it("one collection after the switch: eu-west-1 is unreachable (red word), its SLOs no-data, its links unknown; the overview leads with the failovers to us-east-1", async () => {
    const before = await listRegionSummaries();
    const euBefore = before.regions.find((r) => r.id === "eu-west-1")!;
    await setScenario("eu-west-1-outage");
    const outcomes = await collectOnce();
    // Every eu-west-1 job and the links' job failed; us-east-1's succeeded.
    expect(outcomes.filter((o) => !o.ok).map((o) => o.job).sort()).toEqual(["demo/deployments/eu-west-1", "demo/inventory/eu-west-1", "demo/replication/links", "demo/slos/eu-west-1"]);

    const regions = (await listRegionSummaries()).regions;
    const eu = regions.find((r) => r.id === "eu-west-1")!;
    expect(eu).toMatchObject({ health: "unreachable", unreachableSince: euBefore.dataAsOf, stale: true });
    expect(regions.find((r) => r.id === "us-east-1")?.health).toBe("healthy");
    const tile = (await listRegionTiles()).find((t) => t.id === "eu-west-1")!;
    expect(tile).toMatchObject({ health: "unreachable", unreachableSince: euBefore.dataAsOf });
    expect(tile.failingSources).toBeGreaterThanOrEqual(3);

    const slos = (await getSloOverview({ region: "eu-west-1" })).rows;
    expect(slos.length).toBeGreaterThan(0);
    expect(slos.filter((s) => s.state !== "no-data")).toEqual([]);
    expect(slos.every((s) => s.noDataSince !== null)).toBe(true);
    const burning = await listBurningSlos();
    expect(burning.burning.filter((b) => b.region === "eu-west-1")).toEqual([]);
    expect(burning.dark).toEqual([{ region: "eu-west-1", count: slos.length, since: expect.any(String) }]);

    const links = (await listLinks()).links;
    expect(links.filter((l) => l.state !== "unknown")).toEqual([]);
    expect(links.every((l) => l.reason.startsWith("no samples since"))).toBe(true);

    const [incident, ...others] = await listIncidentActions();
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ region: "eu-west-1", health: "unreachable", since: euBefore.dataAsOf, targets: ["us-east-1"], noData: slos.length });
    const lb = incident.runbooks.find((r) => r.service === "leaderboard-api")!;
    expect(lb).toMatchObject({ from: "eu-west-1", to: "us-east-1", path: "data-loss", canRun: "ready", expectedDataLossSec: null, href: "/failovers/new?service=leaderboard-api&to=us-east-1&mode=failover" });
    // Its links are dark: the loss is at least what had not replicated when they were last seen.
    expect(lb.lastKnownDataLoss?.seconds).toBeGreaterThan(0);
    expect(lb.verdict).toBe("unknown");
    expect(lb.reasons[0]).toMatchObject({ check: "replication", verdict: "unknown", message: expect.stringContaining("no samples since") });
    // Every runbook of a service active in eu-west-1, each to the healthy region.
    expect(incident.runbooks.map((r) => r.service).sort()).toEqual(["api-gateway", "indexer-db", "leaderboard-api", "multivac-mongodb", "substrate-validator"]);
    expect(incident.runbooks.every((r) => r.to === "us-east-1" && r.href.startsWith("/failovers/new?service="))).toBe(true);
  });

  it("degraded: the overview leads with the region and since when its health changed", async () => {
    await setScenario("eu-west-1-degraded");
    await collectOnce();
    const [incident] = await listIncidentActions();
    expect(incident).toMatchObject({ region: "eu-west-1", health: "degraded", targets: ["us-east-1"] });
    expect(Date.now() - Date.parse(incident.since!)).toBeLessThan(60_000);
    expect(incident.paging).toBeGreaterThan(0);
    expect(incident.runbooks.find((r) => r.service === "leaderboard-api")).toMatchObject({ path: "planned", canRun: "ready" });
  });
});
