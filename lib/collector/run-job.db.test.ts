import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceConfig } from "@/lib/config/schema";
import { getSnapshot } from "@/lib/snapshots/store";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { runJob } from "./run-job";
import type { CollectionJob } from "./types";

const source: SourceConfig = { name: "test", kind: "demo", interval: 30_000, timeout: 200 };

function job(name: string, collect: CollectionJob["collect"], timeoutMs = 200): CollectionJob {
  return { name, source, intervalMs: 30_000, timeoutMs, collect };
}

describe("collector jobs", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());

  it("lets exactly one of several instances collect a source per interval", async () => {
    let calls = 0;
    const j = job("test/lease/eu", async () => {
      calls += 1;
      return [{ kind: "lease-test", key: "eu", data: { calls } }];
    });
    const outcomes = await Promise.all(["a", "b", "c", "d", "e"].map((owner) => runJob(j, owner)));
    expect(outcomes.filter((o) => !o.skipped)).toHaveLength(1);
    expect(calls).toBe(1);
    // Within the same interval nobody collects again.
    expect((await runJob(j, "f")).skipped).toBe(true);
  });

  it("keeps the last snapshot and records the error when a source fails", async () => {
    let fail = false;
    const j = job("test/fail/eu", async () => {
      if (fail) throw new Error("connection refused");
      return [{ kind: "fail-test", key: "eu", data: { value: 1 } }];
    });
    expect((await runJob(j, "a", { force: true })).ok).toBe(true);
    const before = await getSnapshot("fail-test", "eu");
    fail = true;
    const outcome = await runJob(j, "a", { force: true });
    expect(outcome).toMatchObject({ ok: false, error: "connection refused" });
    expect(await getSnapshot("fail-test", "eu")).toEqual(before);
    const status = await database.db.sourceStatus.findUniqueOrThrow({ where: { name: "test/fail/eu" } });
    expect(status).toMatchObject({ lastError: "connection refused", consecutiveFailures: 1, errorCount: 1 });
    expect(status.lastSuccessAt?.toISOString()).toBe(before?.fetchedAt);
  });

  it("records when the data was taken as well as when it was read", async () => {
    const taken = new Date(Date.now() - 4 * 60_000);
    const j = job("test/taken/eu", async () => [
      { kind: "taken-test", key: "old", data: { v: 1 }, takenAt: taken },
      { kind: "taken-test", key: "undated", data: { v: 2 } },
    ]);
    expect((await runJob(j, "a", { force: true })).ok).toBe(true);
    const old = await getSnapshot("taken-test", "old");
    const undated = await getSnapshot("taken-test", "undated");
    expect(old?.takenAt).toBe(taken.toISOString());
    expect(Date.parse(old!.fetchedAt) - taken.getTime()).toBeGreaterThanOrEqual(4 * 60_000);
    // A source that does not date its data: taken when read.
    expect(undated?.takenAt).toBe(undated?.fetchedAt);
    const status = await database.db.sourceStatus.findUniqueOrThrow({ where: { name: "test/taken/eu" } });
    // The job's data is as fresh as the newest thing it got.
    expect(status.lastTakenAt?.toISOString()).toBe(undated?.fetchedAt);
  });

  it("times out a slow source without holding up a fast one", async () => {
    const slow = job("test/slow/eu", (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve([]))), 150);
    const fast = job("test/fast/eu", async () => [{ kind: "fast-test", key: "eu", data: { ok: true } }]);
    const started = Date.now();
    const [s, f] = await Promise.all([runJob(slow, "a", { force: true }), runJob(fast, "a", { force: true })]);
    expect(s).toMatchObject({ ok: false, error: "timed out after 150 ms" });
    expect(f.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
