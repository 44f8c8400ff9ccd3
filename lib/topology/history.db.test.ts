import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { addDays, addMonths, monthStart, msToDay } from "@/lib/costs/dates";
import { getCostBreakdown, getRedundancyView } from "@/lib/costs/queries";
import { demoHistoryEvents } from "@/lib/deployments/providers/demo-history";
import { getServiceHistory } from "@/lib/deployments/queries";
import { loadDemoFleet } from "@/lib/server/demo-fleet";
import { getFleetState } from "@/lib/demo/state";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { executeFailover } from "@/lib/failovers/execute-failover";
import { getFailover } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import { getLinkDetail, listLinks } from "@/lib/replication/queries";
import { getSloSeries } from "@/lib/slos/queries";
import { listSloDefinitions } from "@/lib/slos/store";
import { people } from "@/tests/support/changes";
import { startTestWorker, waitForRunEnd } from "@/tests/support/jobs";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { loadTopologyTimeline } from "./store";
import { activeRegionOf } from "./timeline";
import { startProviders } from "@/lib/server/registry";

// The "History" test of issue 12: fail the Leaderboard over and back on the demo fleet, through the
// job queue and the demo's own step executors, and check that nothing the console showed about the
// past changed: last month's cost by region, every SLO's past series, deployment history.

const STACK = ["leaderboard-api", "leaderboard-bff", "leaderboard-cache", "leaderboard-db"];

async function collectAll() {
  const outcomes = await Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
  expect(outcomes.filter((o) => !o.ok)).toEqual([]);
}

type Past = {
  lastMonthByRegion: Array<{ key: string; amountMicros: number; share: number | null }>;
  thisMonthBeforeToday: Array<{ date: string; key: string; amountMicros: number }>;
  lastMonthRedundancy: { totalMicros: number; byRegion: Array<{ region: string; amountMicros: number }> };
  slos: Record<string, Array<{ t: number; sli: number | null; windowSli: number | null }>>;
  deploymentEvents: Array<{ service: string; region: string; version: string; previousVersion: string | null; at: string }>;
  modelledReleases: string[];
  driftSince: Array<string | null>;
};

/** What the console shows about the time before `cut`, read the way its pages read it. */
async function readPast(cut: number): Promise<Past> {
  const today = msToDay(cut);
  const lastMonth = { from: addMonths(monthStart(today), -1), to: addDays(monthStart(today), -1) };
  const byRegion = await getCostBreakdown({ ...lastMonth, granularity: "monthly", metric: "unblended", groupBy: "region" });
  const thisMonth = today > monthStart(today) ? await getCostBreakdown({ from: monthStart(today), to: addDays(today, -1), granularity: "daily", metric: "unblended", groupBy: "region" }) : null;
  const redundancy = await getRedundancyView({ ...lastMonth, metric: "unblended" });
  const slos: Past["slos"] = {};
  for (const def of listSloDefinitions()) slos[def.id] = (await getSloSeries(def.id, null, cut)).points.map((p) => ({ t: p.t, sli: p.sli, windowSli: p.windowSli }));
  const { db } = await import("@/lib/db/client");
  const events = await db().deploymentEvent.findMany({ where: { at: { lt: new Date(cut) } }, orderBy: [{ at: "asc" }, { service: "asc" }, { region: "asc" }] });
  // The release model itself: what the demo says ran where over the last 30 days (backfill and collector read it).
  const fleet = await loadDemoFleet(cut);
  const modelled = ["eu-west-1", "us-east-1"].flatMap((r) => demoHistoryEvents(fleet, r, 30)).map((e) => `${e.service}|${e.region}|${e.version}|${e.at.toISOString()}`);
  const history = await getServiceHistory("indexer", { days: 30 });
  return {
    lastMonthByRegion: byRegion.totals.map((t) => ({ key: t.key, amountMicros: t.amountMicros, share: t.share })),
    thisMonthBeforeToday: thisMonth?.points.map((p) => ({ date: p.date, key: p.key, amountMicros: p.amountMicros })) ?? [],
    lastMonthRedundancy: { totalMicros: redundancy.totalMicros, byRegion: redundancy.byRegion },
    slos,
    deploymentEvents: events.map((e) => ({ service: e.service, region: e.region, version: e.version, previousVersion: e.previousVersion, at: e.at.toISOString() })),
    modelledReleases: modelled.filter((e) => e.split("|")[3] < new Date(cut).toISOString()),
    driftSince: history.regions.map((r) => r.driftSince),
  };
}

async function runFailover(to: string): Promise<string> {
  const run = await requestFailover(people.operator, { service: "leaderboard-api", to, mode: "failover", reason: "history test" }, "test");
  const d = await getFailover(run.id);
  await approveFailover(people.commander, run.id, { runbookVersion: d.runbookVersion, target: to }, "test");
  // The demo's own step executors run; only the collection they trigger is this test's (the job worker has no env).
  await executeFailover(people.operator, run.id, { breakGlass: false }, "test", { collect: () => collectAll() });
  expect(await waitForRunEnd(run.id, 120_000)).toEqual({ outcome: "succeeded" });
  return run.id;
}

function pct(x: number | null) {
  return x === null ? "—" : `${(x * 100).toFixed(1)} %`;
}

function describePast(label: string, p: Past) {
  const usd = (m: number) => `$${(m / 1e6).toFixed(2)}`;
  const points = Object.values(p.slos).reduce((n, s) => n + s.filter((x) => x.sli !== null).length, 0);
  const euLatency = p.slos["leaderboard-api.requests-latency.eu-west-1"] ?? [];
  console.log(
    `[history] ${label}: last month by region ${p.lastMonthByRegion.map((r) => `${r.key} ${usd(r.amountMicros)} (${pct(r.share)})`).join(", ")}; ` +
      `last month's cost of redundancy ${usd(p.lastMonthRedundancy.totalMicros)}; SLO series points with data ${points} over ${Object.keys(p.slos).length} SLOs ` +
      `(a Leaderboard eu-west-1 SLO: ${euLatency.filter((x) => x.sli !== null).length}); deployment events before the failover ${p.deploymentEvents.length}; modelled releases ${p.modelledReleases.length}`,
  );
}

describe("History: a failover and its failback change nothing the console showed about the past (demo fleet)", () => {
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

  it("last month's cost by region, every SLO's past series and deployment history are identical before, after the failover and after the failback", async () => {
    const cut = Date.now();
    const before = await readPast(cut);
    describePast("before", before);
    expect(before.lastMonthByRegion.length).toBe(2);
    expect(Object.values(before.slos).some((s) => s.some((p) => p.sli !== null))).toBe(true);
    expect(before.deploymentEvents.length).toBeGreaterThan(0);

    const over = await runFailover("us-east-1");
    await collectAll();
    // The record says where the stack is, caused by the run, from the instants its steps moved it.
    const timeline = await loadTopologyTimeline();
    const state = await getFleetState();
    for (const service of STACK) {
      expect(activeRegionOf(timeline.rolesAt(service, Date.now())), service).toBe("us-east-1");
      const current = timeline.periods.get(service)?.at(-1);
      expect(current).toMatchObject({ cause: "failover-run", failoverRunId: over });
      expect(new Date(current!.from).toISOString()).toBe(state.moves.filter((m) => m.service === service).at(-1)?.at);
    }
    // Replication now runs from us-east-1, and says so by name.
    const link = (await listLinks()).links.find((l) => l.service === "leaderboard-db")!;
    expect([link.from, link.to, link.name]).toEqual(["us-east-1", "eu-west-1", "leaderboard-db us-east-1 → eu-west-1"]);
    // Over the last hour it ran both ways: until the promotion from eu-west-1, since then from us-east-1.
    const dbMoved = state.moves.find((m) => m.service === "leaderboard-db")!.at;
    expect((await getLinkDetail(link.linkId, "1h"))!.directions).toMatchObject([
      { from: "eu-west-1", to: "us-east-1", until: dbMoved },
      { from: "us-east-1", to: "eu-west-1", since: dbMoved, until: null },
    ]);
    const afterFailover = await readPast(cut);
    describePast("after the failover", afterFailover);
    expect(afterFailover).toEqual(before);

    await runFailover("eu-west-1");
    await collectAll();
    const back = await loadTopologyTimeline();
    for (const service of STACK) expect(activeRegionOf(back.rolesAt(service, Date.now())), service).toBe("eu-west-1");
    const afterFailback = await readPast(cut);
    describePast("after the failback", afterFailback);
    expect(afterFailback).toEqual(before);
  }, 300_000);
});
