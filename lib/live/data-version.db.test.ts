import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import type { CollectionJob } from "@/lib/collector/types";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { resetEnvForTests } from "@/lib/env";
import { readRegionTiles } from "@/lib/read-models/queries";
import { refreshReadModels } from "@/lib/read-models/refresh";
import type { SnapshotWrite } from "@/lib/snapshots/store";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getDataVersion, getRecentDataVersion } from "./data-version";
import { dropRecentReads } from "./recently";
import { startProviders } from "@/lib/server/registry";

// The version open pages poll moves when what they show moves (issue 27): not on a collection that
// read the same values again, and at once when a source goes stale without anything being written.

/** The demo's jobs, each answering what it answered the first time: a fleet where nothing changes. */
function steadyJobs(recorded: Map<string, SnapshotWrite[]>): CollectionJob[] {
  return buildJobs().map((job) => ({
    ...job,
    async collect(signal) {
      const writes = recorded.get(job.name) ?? (await job.collect(signal));
      recorded.set(job.name, writes);
      return structuredClone(writes);
    },
  }));
}

async function collect(jobs: CollectionJob[]) {
  const outcomes = await Promise.all(jobs.map((j) => runJob(j, "test", { force: true })));
  expect(outcomes.filter((o) => !o.ok)).toEqual([]);
  await refreshReadModels("test collection");
}

describe("the data version pages poll", () => {
  let database: TestDatabase;
  const recorded = new Map<string, SnapshotWrite[]>();
  beforeAll(async () => {
    database = await startTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
    await startProviders();
    await collect(steadyJobs(recorded));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => database?.stop());

  it("stays where it was after a collection that stores the same values, though every time moved", async () => {
    const before = await getDataVersion();
    await new Promise((r) => setTimeout(r, 20));
    await collect(steadyJobs(recorded));
    const after = await getDataVersion();
    // A collection did land and the models were recomputed...
    expect(Date.parse(after.collectedAt!)).toBeGreaterThan(Date.parse(before.collectedAt!));
    expect(Date.parse(after.attemptedAt!)).toBeGreaterThan(Date.parse(before.attemptedAt!));
    expect(Date.parse(after.modelsAt!)).toBeGreaterThan(Date.parse(before.modelsAt!));
    // ...and nothing a page shows changed, so no open page is asked to render again.
    expect(after.version).toBe(before.version);
  });

  it("moves when a collection stores other values, and when an action is recorded", async () => {
    const before = await getDataVersion();
    const [name, writes] = [...recorded].find(([n]) => n.includes("/inventory/"))!;
    recorded.set(name, writes.map((w) => ({ ...w, data: { ...(w.data as object), probe: "a value that was not there" } })));
    await collect(steadyJobs(recorded));
    const moved = await getDataVersion();
    expect(moved.version).not.toBe(before.version);
    await database.db.$transaction((tx) => appendAuditEvent(tx, { actor: { id: null, name: "test" }, action: "test.probe", target: { type: "test", id: "version" }, outcome: "success", details: {} }));
    const acted = await getDataVersion();
    expect(acted.auditSeq).toBe(moved.auditSeq + 1);
    expect(acted.version).not.toBe(moved.version);
  });

  it("moves the moment a source's data grows too old with nothing written, and the models read after it say stale", async () => {
    const before = await getRecentDataVersion();
    expect(before.agedOutAt).toBeNull();
    expect((await readRegionTiles()).every((t) => !t.stale)).toBe(true);
    // Nobody collects for 90 s (the demo's sources are stale after 2 × 30 s): not a row is written.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 90_000 });
    dropRecentReads();
    const aged = await getRecentDataVersion();
    expect(aged.version).not.toBe(before.version);
    expect(aged.agedOutAt).not.toBeNull();
    expect(Date.parse(aged.agedOutAt!)).toBeLessThanOrEqual(Date.now());
    // The stored tiles were computed while every source was fresh: a read after the version moved recomputes them.
    const tiles = await readRegionTiles();
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((t) => t.stale)).toBe(true);
    // Then it holds still: the models now say stale, and nothing else moves.
    dropRecentReads();
    const settled = await getRecentDataVersion();
    dropRecentReads();
    expect((await getRecentDataVersion()).version).toBe(settled.version);
  });
});
