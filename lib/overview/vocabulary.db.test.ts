import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getFleetState, writeFleetState, type FleetState } from "@/lib/demo/state";
import { getRegionDetail, listRegionSummaries } from "@/lib/regions/queries";
import { readRegions, readRegionTiles } from "@/lib/read-models/queries";
import { refreshReadModels } from "@/lib/read-models/refresh";
import { listReadinessRows } from "@/lib/replication/queries";
import { listSloStatuses } from "@/lib/slos/queries";
import { setSloDefinitionsForProcess } from "@/lib/slos/store";
import { applyRoleChanges } from "@/lib/topology/store";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getRegionDetailView, listRegionTiles, listRegionViews, listReadinessSummary } from "./queries";
import { startProviders } from "@/lib/server/registry";

// One vocabulary: the overview's tiles, the regions pages and failover readiness count the same
// fleet. A page that counts roles its own way (last-known snapshots after a failover, say) shows
// numbers another page contradicts; this fails when they disagree.

type Counts = Record<string, { active: number; dormant: number }>;

async function collectOnce() {
  return Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
}

async function countsEverywhere() {
  const tiles = await listRegionTiles();
  const { regions } = await listRegionSummaries();
  const details = await Promise.all(regions.map((r) => getRegionDetail(r.id)));
  const { readiness } = await listReadinessRows();
  const overviewReadiness = await listReadinessSummary();
  const byTiles: Counts = Object.fromEntries(tiles.map((t) => [t.id, { active: t.services.active, dormant: t.services.dormant }]));
  const byRegions: Counts = Object.fromEntries(regions.map((r) => [r.id, { active: r.services.active, dormant: r.services.dormant }]));
  const byDetail: Counts = Object.fromEntries(details.map((d) => [d.summary.id, { active: d.services.filter((s) => s.role === "active").length, dormant: d.services.filter((s) => s.role === "dormant").length }]));
  // Readiness: a service active in a region has its row from there; each dormant replica is one row to it.
  const byReadiness: Counts = Object.fromEntries(regions.map((r) => [r.id, { active: new Set(readiness.filter((x) => x.from === r.id).map((x) => x.service)).size, dormant: readiness.filter((x) => x.to === r.id).length }]));
  const protectedBy = {
    regions: new Set(details.flatMap((d) => d.services.filter((s) => s.role === "dormant").map((s) => s.service))).size,
    readiness: new Set(readiness.map((x) => x.service)).size,
  };
  // The overview lists the worst few and counts every pair by verdict.
  const pairs = { readiness: readiness.length, overview: overviewReadiness.total, overviewCounted: Object.values(overviewReadiness.counts).reduce((a, b) => a + b, 0) };
  return { byTiles, byRegions, byDetail, byReadiness, protectedBy, pairs, health: await healthEverywhere() };
}

/** Each region's health word as each page and API gives it: the overview's tile, the Regions page, a region's page and /api/v1/regions. */
async function healthEverywhere() {
  await refreshReadModels("vocabulary test");
  const byId = (rows: Array<{ id: string; health: string }>) => Object.fromEntries(rows.map((r) => [r.id, r.health]));
  const tiles = byId(await listRegionTiles());
  const regions = (await listRegionViews()).regions;
  return {
    tiles,
    regionsPage: byId(regions),
    regionPage: byId(await Promise.all(regions.map(async (r) => (await getRegionDetailView(r.id)).summary))),
    overviewModel: byId(await readRegionTiles()),
    regionsApi: byId((await readRegions()).regions),
  };
}

function expectOneVocabulary(c: Awaited<ReturnType<typeof countsEverywhere>>) {
  expect(c.byRegions, "regions page vs overview tiles").toEqual(c.byTiles);
  expect(c.byDetail, "region detail vs overview tiles").toEqual(c.byTiles);
  expect(c.byReadiness, "readiness vs overview tiles").toEqual(c.byTiles);
  expect(c.protectedBy.readiness, "protected services: readiness vs regions").toBe(c.protectedBy.regions);
  expect(c.pairs.overview, "readiness pairs: overview vs readiness").toBe(c.pairs.readiness);
  expect(c.pairs.overviewCounted, "readiness pairs counted by verdict on the overview").toBe(c.pairs.readiness);
  expect(c.health.regionsPage, "health: regions page vs overview tiles").toEqual(c.health.tiles);
  expect(c.health.regionPage, "health: region page vs overview tiles").toEqual(c.health.tiles);
  expect(c.health.overviewModel, "health: the overview's read model vs overview tiles").toEqual(c.health.tiles);
  expect(c.health.regionsApi, "health: /api/v1/regions vs the overview's read model").toEqual(c.health.overviewModel);
}

describe("the overview, regions and readiness count the demo fleet alike", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve(__dirname, "../../config/demo.yaml")));
    setSloDefinitionsForProcess(null);
    await startProviders();
    expect((await collectOnce()).filter((o) => !o.ok)).toEqual([]);
  });
  afterAll(async () => database?.stop());

  it("in steady", async () => {
    const c = await countsEverywhere();
    expectOneVocabulary(c);
    // The demo fleet as configured: 12 services active and dormant in eu-west-1 → us-east-1.
    expect(c.byTiles).toEqual({ "eu-west-1": { active: 12, dormant: 0 }, "us-east-1": { active: 0, dormant: 12 } });
    expect(c.protectedBy.regions).toBe(12);
  });

  it("while an SLO pages in a region whose inventory is healthy, every page calls it degraded", async () => {
    // The Leaderboard API's bad deploy (config/demo.yaml) keeps its eu-west-1 latency SLO paging while every pod is ready.
    const paging = (await listSloStatuses()).statuses.filter((s) => s.state === "page");
    expect(paging.map((s) => `${s.service}@${s.region}`)).toContain("leaderboard-api@eu-west-1");
    const inventory = Object.fromEntries((await listRegionSummaries()).regions.map((r) => [r.id, r.health]));
    expect(inventory["eu-west-1"], "the inventory alone").toBe("healthy");
    const c = await countsEverywhere();
    expectOneVocabulary(c);
    expect(c.health.tiles).toEqual({ "eu-west-1": "degraded", "us-east-1": "healthy" });
    const eu = (await listRegionViews()).regions.find((r) => r.id === "eu-west-1")!;
    expect(eu.healthWhy).toMatch(/SLOs? paging: .*leaderboard-api/);
  });

  it("after a failover while eu-west-1 is dark: its last-known snapshot no longer claims the moved service", async () => {
    const state: FleetState = await getFleetState();
    const at = new Date();
    // As a failover leaves it: the simulated infrastructure moved the service, and Meridian recorded it.
    await db().$transaction(async (tx) => {
      await writeFleetState(tx, { ...state, scenario: "eu-west-1-outage", scenarioSince: at.toISOString(), moves: [...state.moves, { service: "leaderboard-api", region: "us-east-1", at: at.toISOString() }] }, "test");
      await applyRoleChanges(tx, [{ service: "leaderboard-api", activeRegion: "us-east-1", at }], { cause: "manual", reason: "vocabulary test" });
    });
    await collectOnce();
    const c = await countsEverywhere();
    expectOneVocabulary(c);
    expect(c.byTiles).toEqual({ "eu-west-1": { active: 11, dormant: 1 }, "us-east-1": { active: 1, dormant: 11 } });
  });
});
