import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { demoFleet } from "@/lib/demo/fleet";
import { getFleetState, writeFleetState } from "@/lib/demo/state";
import { releaseInRegion } from "@/lib/demo/versions";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { REPLICATION_KIND } from "./collector";
import { READINESS_THRESHOLDS } from "./readiness";
import { getLinkDetail, getServiceReadiness, listLinks, listReadiness, listReadinessRows } from "./queries";
import { startProviders } from "@/lib/server/registry";

const STALLED = "indexer-db-euw1-use1";
const config = loadConfigFile(path.resolve(__dirname, "../../config/demo.yaml"));

/** Runs every job of the domains readiness reads (inventory, deployments, replication). */
async function collect(domains = ["inventory", "deployments", REPLICATION_KIND]) {
  const jobs = buildJobs().filter((j) => domains.includes(j.name.split("/")[1]));
  const outcomes = await Promise.all(jobs.map((j) => runJob(j, "test", { force: true })));
  return outcomes;
}

async function setScenario(scenario: "steady" | "replication-stall" | "eu-west-1-outage", sinceMsAgo = 0) {
  const state = await getFleetState();
  await db().$transaction((tx) => writeFleetState(tx, { ...state, scenario, scenarioSince: new Date(Date.now() - sinceMsAgo).toISOString() }, "test"));
}

describe("replication collector and readiness (demo fleet)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(config);
    await startProviders();
    const outcomes = await collect();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
  });
  afterAll(async () => database?.stop());

  it("stores one snapshot per link with 5 s samples, one job for the demo source", async () => {
    expect(buildJobs().filter((j) => j.name.split("/")[1] === REPLICATION_KIND).map((j) => j.name)).toEqual(["demo/replication/links"]);
    const { links, freshness } = await listLinks();
    expect(links).toHaveLength(6);
    expect(freshness.fetchedAt).not.toBeNull();
    for (const l of links) {
      expect(l.state).toBe("ok");
      expect(l.sparkline.length).toBeGreaterThan(10);
      expect(l.ageSec).toBeLessThanOrEqual(5);
    }
    const chain = links.find((l) => l.engine === "substrate")!;
    expect(chain.unit).toBe("blocks");
    expect(chain.lagSeconds).toBeCloseTo((chain.lag ?? 0) * 6);
    expect(links.find((l) => l.engine === "mongodb")?.unit).toBe("seconds");
  });

  it("steady: every protected pair has a verdict with reasons; green unless something is wrong (the indexer's configured drift); stateless ones carry no data loss", async () => {
    const rows = (await listReadinessRows()).readiness;
    // 12 services with an active and a dormant region in config/demo.yaml.
    expect(rows).toHaveLength(12);
    // The demo fleet's drill history covers every runbook's services: none is "never drilled". Besides the
    // indexer's configured drift, a release that reached the active region but not yet the dormant one
    // (the demo ships it there 30 min to 4 h later) is behind right now: the demo's own release model says which.
    const fleet = demoFleet(config, await getFleetState(), Date.now());
    // Releases the dormant region is behind, by the demo's own release model: the indexer's drift grows by
    // one with every release its active region takes, so it is at-risk, or not-ready from 3 behind.
    const releasesBehind = (r: (typeof rows)[number]) => {
      const svc = { id: r.service };
      return (releaseInRegion(svc, r.from, fleet.at, fleet.opts)?.index ?? 0) - (releaseInRegion(svc, r.to, fleet.at, fleet.opts)?.index ?? 0);
    };
    const expected = (behind: number) => (behind >= READINESS_THRESHOLDS.releasesBehindNotReady ? "not-ready" : behind >= READINESS_THRESHOLDS.releasesBehindAtRisk ? "at-risk" : "ready");
    expect(releasesBehind(rows.find((r) => r.service === "indexer")!)).toBeGreaterThanOrEqual(1);
    expect(Object.fromEntries(rows.map((r) => [r.service, r.verdict]))).toEqual(Object.fromEntries(rows.map((r) => [r.service, expected(releasesBehind(r))])));
    expect(rows.find((r) => r.service === "indexer")?.reasons.map((x) => x.check)).toEqual(["version-parity"]);
    for (const r of rows.filter((x) => x.verdict !== "ready")) expect(r.reasons.map((x) => x.check), r.service).toEqual(["version-parity"]);
    const pg = rows.find((r) => r.service === "indexer-db")!;
    expect(pg).toMatchObject({ from: "eu-west-1", to: "us-east-1" });
    expect(pg.checks.map((c) => c.check)).toEqual(["replication", "target-health", "capacity", "version-parity", "backup", "failover-drill"]);
    expect(pg.checks.find((c) => c.check === "failover-drill")?.message).toMatch(/^last successful drill \d+(\.\d)? d ago$/);
    expect(pg.checks.find((c) => c.check === "backup")?.verdict).toBe("ready");
    expect(pg.expectedDataLossSec).not.toBeNull();
    expect(rows.find((r) => r.service === "api-gateway")?.expectedDataLossSec).toBe(0);
    // Version parity names the versions ("both run 1.2.3" or "us-east-1 is N release(s) behind (…)").
    for (const r of rows) expect(r.checks.find((c) => c.check === "version-parity")?.message).toMatch(/^both run \S+|release\(s\) behind/);
    // The contract other domains use.
    expect((await listReadiness()).length).toBe(12);
    expect((await getServiceReadiness("indexer-db"))?.to).toBe("us-east-1");
  });

  it("a real failover counts as an exercised runbook, a failed one does not", async () => {
    // Forget the demo's drill history of this runbook: as if none had worked.
    await db().failoverRun.updateMany({ where: { service: "indexer-db" }, data: { state: "failed" } });
    expect((await getServiceReadiness("indexer-db"))?.reasons.find((r) => r.check === "failover-drill")?.message).toBe("never drilled");
    const run = { service: "indexer-db", fromRegion: "eu-west-1", toRegion: "us-east-1", runbookVersion: "t", mode: "failover", requestedById: "u", requestedByName: "u", preflight: {}, finishedAt: new Date(Date.now() - 86_400_000) };
    await db().failoverRun.create({ data: { ...run, state: "failed" } });
    expect((await getServiceReadiness("indexer-db"))?.reasons.find((r) => r.check === "failover-drill")?.message).toBe("never drilled");
    await db().failoverRun.create({ data: { ...run, state: "succeeded" } });
    const pg = (await getServiceReadiness("indexer-db"))!;
    expect(pg.reasons.find((r) => r.check === "failover-drill")).toBeUndefined();
    // The runbook moves the indexer too: its readiness counts the same run.
    expect((await listReadinessRows()).readiness.find((r) => r.service === "indexer")?.checks.find((c) => c.check === "failover-drill")?.message).toBe("last successful drill 24 h ago");
  });

  it("replication-stall: the link stalls and its service falls to not-ready with that reason", async () => {
    await setScenario("replication-stall", 20_000);
    await collect([REPLICATION_KIND]);
    const { links } = await listLinks();
    const stalled = links.find((l) => l.linkId === STALLED)!;
    expect(stalled.state).toBe("stalled");
    expect(links.filter((l) => l.state === "stalled")).toHaveLength(1);
    const pg = (await getServiceReadiness("indexer-db"))!;
    expect(pg.verdict).toBe("not-ready");
    expect(pg.reasons[0]).toMatchObject({ check: "replication", verdict: "not-ready" });
    expect(pg.reasons[0].message).toContain(`${STALLED} stalled`);
    await setScenario("steady");
    await collect([REPLICATION_KIND]);
  });

  it("link detail: series over each range from the source; unknown link → null", async () => {
    const d = (await getLinkDetail(STALLED, "6h"))!;
    expect(d.pointsFrom).toBe("source");
    expect(d.stepSec).toBe(120);
    expect(d.points.length).toBeGreaterThanOrEqual(179);
    expect(d.points[0].lagSeconds).toBe(d.points[0].lag);
    expect((await getLinkDetail(STALLED, "7d"))!.points.length).toBeGreaterThanOrEqual(167);
    expect(await getLinkDetail("nope", "1h")).toBeNull();
  });

  it("link detail: the chart's last point is the sample the Lag figure shows (same time, same value), with a labelled warning line", async () => {
    for (const l of (await listLinks()).links) {
      const d = (await getLinkDetail(l.linkId, "1h"))!;
      expect(d.link.sampledAt).not.toBeNull();
      const last = d.chart.values.at(-1)!;
      expect(last.t).toBe(Date.parse(d.link.sampledAt!));
      expect(last.v).toBe(d.chart.unit === " MiB" ? d.link.lag! / 1_048_576 : d.chart.unit === " s" ? d.link.lagSeconds : d.link.lag);
      expect(d.points.at(-1)).toEqual({ t: last.t, lag: d.link.lag, lagSeconds: d.link.lagSeconds });
      expect(d.chart.thresholds.find((t) => t.kind === "warning")?.label).toMatch(/^warning /);
    }
  });

  it("eu-west-1-outage: one collection later no link reads ok; each is unknown — no samples since its last sample, with its last-known lag", async () => {
    const before = new Map((await listLinks()).links.map((l) => [l.linkId, l]));
    expect([...before.values()].every((l) => l.state === "ok")).toBe(true);
    await setScenario("eu-west-1-outage");
    try {
      const outcomes = await collect([REPLICATION_KIND]);
      expect(outcomes).toEqual([expect.objectContaining({ job: "demo/replication/links", ok: false, error: expect.stringMatching(/connection timed out/) })]);
      const { links, freshness } = await listLinks();
      expect(links).toHaveLength(6);
      for (const l of links) {
        const was = before.get(l.linkId)!;
        expect(l).toMatchObject({ state: "unknown", lag: was.lag, sampledAt: was.sampledAt, noSamplesSince: was.sampledAt });
        expect(l.reason).toMatch(/^no samples since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ m?s ago\): source unavailable: .*connection timed out.*; last-known lag/);
      }
      expect(freshness.staleSources.map((s) => s.name)).toEqual(["demo/replication/links"]);
      // Readiness never counts a link it cannot see as fine, and says the data loss is not known.
      for (const r of (await listReadinessRows()).readiness.filter((x) => x.links.length > 0)) {
        expect(r.verdict).not.toBe("ready");
        expect(r.expectedDataLossSec).toBeNull();
      }
    } finally {
      await setScenario("steady");
      await collect([REPLICATION_KIND]);
    }
  });

  it("a failing source: links turn unknown at once with their last-known lag", async () => {
    const before = (await listLinks()).links.find((l) => l.linkId === STALLED)!;
    await db().sourceStatus.update({ where: { name: "demo/replication/links" }, data: { consecutiveFailures: 1, lastError: "timed out after 15000 ms", lastErrorAt: new Date(Date.now() + 1000) } });
    const after = (await listLinks()).links.find((l) => l.linkId === STALLED)!;
    expect(after.state).toBe("unknown");
    expect(after.lag).toBe(before.lag);
    expect(after.reason).toMatch(/source unavailable: timed out.*last-known/);
    expect((await getServiceReadiness("indexer-db"))?.verdict).not.toBe("ready");
  });
});
