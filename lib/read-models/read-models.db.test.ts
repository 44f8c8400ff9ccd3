import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { setScenario } from "@/lib/demo/state";
import { resetEnvForTests } from "@/lib/env";
import { onDataChanged } from "@/lib/events/data-changed";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { executeFailover } from "@/lib/failovers/execute-failover";
import { getFailover } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import { people } from "@/tests/support/changes";
import { startTestWorker, waitForRunEnd } from "@/tests/support/jobs";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { pageReadiness } from "@/lib/replication/queries";
import { readinessQuery } from "@/lib/replication/schemas";
import { readReadiness, readReadinessPage, readReadinessSummary, readRegions, readRegionTiles } from "./queries";
import { refreshReadModels, scheduleReadModelRefresh } from "./refresh";
import { sqlQuery } from "@/lib/db/sql";
import { getDataVersion } from "@/lib/live/data-version";
import { loadReadModel, readModelState, saveReadModel } from "./store";
import { startProviders } from "@/lib/server/registry";

async function collectAll() {
  return Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
}

describe("read models", () => {
  let database: TestDatabase;
  let worker: { stop: () => Promise<void> };
  let unsubscribe: () => void;
  beforeAll(async () => {
    database = await startTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    worker = await startTestWorker(database.url);
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
    await startProviders();
    await collectAll();
    await refreshReadModels("test start");
    // As in a server process: every change this process makes recomputes the models.
    unsubscribe = onDataChanged(scheduleReadModelRefresh);
  });
  afterAll(async () => {
    unsubscribe?.();
    await worker?.stop();
    await database?.stop();
  });

  it("page readiness from the stored rows exactly as paging all of them would, and summarise it for the overview without rows", async () => {
    const { readiness } = await readReadiness();
    for (const q of [{ pageSize: "5" }, { pageSize: "5", page: "2" }, { pageSize: "3", page: "9" }, ...(["ready", "at-risk", "unknown", "not-ready"] as const).map((verdict) => ({ verdict, pageSize: "2" }))]) {
      const query = readinessQuery.parse(q);
      const { freshness, ...page } = await readReadinessPage(query);
      expect(page, JSON.stringify(q)).toEqual(pageReadiness(readiness, query));
      expect(freshness.fetchedAt).not.toBeNull();
    }
    const summary = await readReadinessSummary();
    expect(summary.total).toBe(readiness.length);
    expect(summary.rows.length).toBe(Math.min(10, readiness.length));
    expect(summary.rows[0].verdict).toBe(pageReadiness(readiness, readinessQuery.parse({})).readiness[0].verdict);
  });

  it("answer a crowd's same question with the same frozen object until the model moves", async () => {
    const first = await readRegions();
    expect(await readRegions()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    await refreshReadModels("test: the model moves");
    const next = await readRegions();
    expect(next).not.toBe(first);
    expect(Date.parse(next.computedAt)).toBeGreaterThan(Date.parse(first.computedAt));
  });

  it("are stored one row per item, and a scenario switch is on the next read once its collection lands", async () => {
    expect(await database.db.readModelRow.count({ where: { model: "readiness" } })).toBe(12);
    expect(await database.db.readModelRow.count({ where: { model: "region-tiles" } })).toBe(2);
    const before = (await readRegionTiles()).find((t) => t.id === "eu-west-1")!;
    expect(before.failingSources).toBe(0);
    const computedBefore = (await readModelState("region-tiles"))!.computedAt;

    await setScenario({ ...people.commander, role: "admin" }, "eu-west-1-outage");
    await collectAll();
    await vi.waitFor(async () => expect((await readModelState("region-tiles"))!.computedAt.getTime()).toBeGreaterThan(computedBefore.getTime()), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await readRegionTiles()).find((t) => t.id === "eu-west-1")!.failingSources).toBeGreaterThan(0), { timeout: 10_000 });

    await setScenario({ ...people.commander, role: "admin" }, "steady");
    await collectAll();
    await vi.waitFor(async () => expect((await readRegionTiles()).find((t) => t.id === "eu-west-1")!.failingSources).toBe(0), { timeout: 10_000 });
  });

  it("follow a failover that succeeds: the readiness row of the moved service runs from the new active region", async () => {
    const row = (await readReadiness()).readiness.find((r) => r.service === "leaderboard-api")!;
    expect(row).toMatchObject({ from: "eu-west-1", to: "us-east-1" });
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "read model test", precheckOverride: { reason: "test: readiness is not the point here" } }, "test");
    const d = await getFailover(run.id);
    await approveFailover(people.commander, run.id, { runbookVersion: d.runbookVersion, target: "us-east-1" }, "test");
    // Fast steps: the demo's verify hold and lag polling are configuration, not what is tested here.
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", { sleep: async () => undefined, path: "planned", measureLagSeconds: async () => 0.5 });
    expect(await waitForRunEnd(run.id)).toEqual({ outcome: "succeeded" });
    await vi.waitFor(async () => expect((await readReadiness()).readiness.find((r) => r.service === "leaderboard-api")).toMatchObject({ from: "us-east-1", to: "eu-west-1" }), { timeout: 15_000 });
  });
});

describe("read model storage", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());

  it("replicas replacing the same model at once never collide: the last write stands whole", async () => {
    const rows = (n: number) => Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, data: { writer: n, i } }));
    await Promise.all(Array.from({ length: 10 }, (_, n) => saveReadModel("race", rows(n), { writer: n }, "test", 1)));
    const stored = await database.db.readModelRow.findMany({ where: { model: "race" } });
    expect(stored).toHaveLength(50);
    // One writer's rows, not a mix.
    expect(new Set(stored.map((r) => (r.data as { writer: number }).writer)).size).toBe(1);
  });

  it("a crowd reading a model that changed loads its rows once: readers overlapping the load get the previous answer whole, and every later read the new one", async () => {
    const rows = (n: number) => Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, data: { version: n, i } }));
    const versionsOf = (m: { rows: Array<{ version: number }> } | null) => [...new Set(m!.rows.map((r) => r.version))];
    await saveReadModel("crowd", rows(1), {}, "test", 1, new Date(Date.now() - 1000));
    const first = await loadReadModel<{ version: number }, object>("crowd");
    expect(versionsOf(first)).toEqual([1]);

    await saveReadModel("crowd", rows(2), {}, "test", 1);
    const crowd = await Promise.all(Array.from({ length: 20 }, () => loadReadModel<{ version: number }, object>("crowd")));
    // The reader that started the load waited for it; the rest were served the previous answer meanwhile.
    expect(versionsOf(crowd[0])).toEqual([2]);
    for (const m of crowd) expect([[1], [2]]).toContainEqual(versionsOf(m));
    expect(new Set(crowd.filter((m) => m!.rows[0].version === 2)).size).toBe(1);
    expect(crowd.filter((m) => m!.rows[0].version === 1).every((m) => m === first)).toBe(true);
    // Once loaded, nobody gets the old answer again, and nobody loads it again.
    expect(await loadReadModel("crowd")).toBe(crowd[0]);
  });

  it("a refresh with the same rows moves only the envelope: rows are not rewritten, a reader keeps its rows with the new meta, and changed rows are read again", async () => {
    const rows = (n: number) => Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, data: { version: n, i } }));
    const writtenAt = async () => new Set((await database.db.readModelRow.findMany({ where: { model: "steady" } })).map((r) => r.computedAt.toISOString()));
    const t0 = Date.now() - 10_000;
    await saveReadModel("steady", rows(1), { fetchedAt: "one" }, "test", 1, new Date(t0));
    const first = await loadReadModel<{ version: number }, { fetchedAt: string }>("steady");
    const firstWritten = await writtenAt();

    await saveReadModel("steady", rows(1), { fetchedAt: "two" }, "test", 1, new Date(t0 + 1000));
    expect(await writtenAt()).toEqual(firstWritten);
    const second = await loadReadModel<{ version: number }, { fetchedAt: string }>("steady");
    expect(second!.meta.fetchedAt).toBe("two");
    expect(second!.computedAt.getTime()).toBe(t0 + 1000);
    expect(second!.rows).toBe(first!.rows);

    // Other rows, then the first ones back: each read has the rows of its save, never rows held under another hash.
    await saveReadModel("steady", rows(2), { fetchedAt: "three" }, "test", 1, new Date(t0 + 2000));
    expect(await writtenAt()).not.toEqual(firstWritten);
    expect((await loadReadModel<{ version: number }, object>("steady"))!.rows.map((r) => r.version)).toEqual(Array(100).fill(2));
    await saveReadModel("steady", rows(1), { fetchedAt: "four" }, "test", 1, new Date(t0 + 3000));
    const back = await loadReadModel<{ version: number }, { fetchedAt: string }>("steady");
    expect(back!.rows.map((r) => r.version)).toEqual(Array(100).fill(1));
    expect(back!.meta.fetchedAt).toBe("four");
  });

  it("a model another process saved is on the first read after this process sees the data version move, not a second late", async () => {
    await saveReadModel("elsewhere", [{ key: "a", data: { by: "here" } }], {}, "here", 1);
    await getDataVersion();
    expect((await readModelState("elsewhere", { reuseMs: 1_000 }))?.inputsVersion).toBe("here");
    // Another process (the background one) saves a newer answer that says something else: this process's write-through never saw it.
    await sqlQuery(`UPDATE "ReadModelState" SET "computedAt" = "computedAt" + interval '500 milliseconds', "inputsVersion" = 'there', "contentHash" = 'other content' WHERE "model" = 'elsewhere'`);
    // Shared for up to a second, as a crowd's reads are...
    expect((await readModelState("elsewhere", { reuseMs: 1_000 }))?.inputsVersion).toBe("here");
    // ...until a page reads the version it will poll from: from then on nothing older than it is served.
    await getDataVersion();
    expect((await readModelState("elsewhere", { reuseMs: 1_000 }))?.inputsVersion).toBe("there");
  });
});
