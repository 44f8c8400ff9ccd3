import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { retentionConfigSchema } from "./config-schema";
import { pruneOldData } from "./prune";

const DAY = 86_400_000;

describe("retention", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
  });
  afterAll(async () => database?.stop());

  it("drops what is older than the configured ages, keeps a finished change's summary, hash and log, never touches the audit log", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const old = new Date(now.getTime() - 500 * DAY);
    const recent = new Date(now.getTime() - 10 * DAY);
    const db = database.db;
    await db.deploymentEvent.createMany({ data: [{ service: "api", region: "eu-west-1", version: "1", at: old, source: "demo" }, { service: "api", region: "eu-west-1", version: "2", at: recent, source: "demo" }] });
    await db.sourceRequest.createMany({ data: [{ source: "ce", operation: "GetCostAndUsage", at: old }, { source: "ce", operation: "GetCostAndUsage", at: recent }] });
    const base = { workspace: "ws", title: "t", origin: "console", requestedById: "u", requestedByName: "u", planSha256: "a".repeat(64), planFile: new Uint8Array([1, 2, 3]), planJson: { resource_changes: [] }, summary: { planLine: "Plan: 1 to add" } };
    const finished = await db.changeRequest.create({ data: { ...base, state: "applied", finishedAt: new Date(now.getTime() - 100 * DAY) } });
    const open = await db.changeRequest.create({ data: { ...base, state: "approved" } });
    await db.changeLogChunk.create({ data: { changeId: finished.id, seq: 1, text: "Apply complete!", at: old } });
    await db.changeLogChunk.create({ data: { changeId: open.id, seq: 1, text: "kept: the change is not finished", at: old } });
    const auditBefore = await db.auditEvent.count();

    const retention = retentionConfigSchema.parse({ logChunks: "400d" });
    const report = await pruneOldData(retention, now);
    expect(report).toMatchObject({ deploymentEvents: 1, sourceRequests: 1, plansPruned: 1, changeLogChunks: 1 });
    expect(await db.deploymentEvent.count()).toBe(1);
    expect(await db.sourceRequest.count()).toBe(1);
    const pruned = await db.changeRequest.findUniqueOrThrow({ where: { id: finished.id } });
    expect(pruned.planFile.length).toBe(0);
    expect(pruned.planJson).toBeNull();
    expect(pruned).toMatchObject({ planSha256: "a".repeat(64), summary: { planLine: "Plan: 1 to add" } });
    expect(pruned.planPrunedAt).toEqual(now);
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: open.id } })).planFile.length).toBe(3);
    expect(await db.changeLogChunk.count({ where: { changeId: open.id } })).toBe(1);
    // One more audit row (the prune itself); none removed.
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
    // Idempotent: a second run finds nothing more.
    expect(await pruneOldData(retention, now)).toMatchObject({ deploymentEvents: 0, sourceRequests: 0, plansPruned: 0, changeLogChunks: 0 });
  });
});
