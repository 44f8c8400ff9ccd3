import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { listAuditResponse } from "@/lib/audit/schemas";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { recordAuditEvent } from "./append-event";
import { listAuditEvents } from "./queries";

// The audit log names its targets as people know them, with the raw id kept; what no longer resolves stays a bare id.

const system = { id: null, name: "system" };

describe("audit targets as people know them", () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "meridian-audit-labels-"));
    vi.stubEnv("MERIDIAN_DATA_DIR", dataDir);
    vi.stubEnv("MERIDIAN_AUDIT_KEY", "key-labels-".padEnd(64, "3"));
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
  });
  afterAll(async () => {
    await database?.stop();
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("labels changes, failovers, drills, users, tokens, workspaces and services, links each to its page, and keeps the id", async () => {
    const user = await db().user.create({ data: { username: "dana", displayName: "Dana Scully", role: "operator", provider: "demo" } });
    const token = await db().apiToken.create({ data: { userId: user.id, name: "ci-plan", tokenHash: "h".repeat(64), prefix: "mrd_ab" } });
    const change = await db().changeRequest.create({
      data: { workspace: "prod-euw1", title: "Bump the indexer", state: "proposed", origin: "console", requestedById: user.id, requestedByName: "dana", planSha256: "a".repeat(64), planFile: new Uint8Array([1]), planJson: {}, summary: {} },
    });
    const run = { fromRegion: "eu-west-1", toRegion: "us-east-1", runbookVersion: "t", state: "succeeded", requestedById: user.id, requestedByName: "dana", preflight: {} };
    const failover = await db().failoverRun.create({ data: { ...run, service: "leaderboard-api", mode: "failover" } });
    const drill = await db().failoverRun.create({ data: { ...run, service: "indexer-db", mode: "drill" } });
    const targets: Array<{ type: string; id: string | null }> = [
      { type: "change", id: change.id },
      { type: "failover-run", id: failover.id },
      { type: "failover-run", id: drill.id },
      { type: "user", id: "dana" },
      { type: "api-token", id: token.id },
      { type: "workspace", id: "prod-euw1" },
      { type: "service", id: "leaderboard-api" },
      // Gone or never there: a deleted change, a typo'd user name at sign-in, a service no longer configured.
      { type: "change", id: "ckdeletedchange000000000" },
      { type: "user", id: "nobody" },
      { type: "service", id: "leaderboard-api,retired-svc" },
      { type: "route", id: "GET /api/v1/nope" },
      { type: "collector", id: null },
    ];
    for (const [i, target] of targets.entries()) await recordAuditEvent({ actor: system, action: `test.labelled-${i}`, target });

    const { events } = await listAuditEvents({ limit: 100 });
    const by = new Map(events.map((e) => [`${e.targetType}:${e.targetId}`, e]));
    const labelOf = (type: string, id: string | null) => {
      const e = by.get(`${type}:${id}`)!;
      return { label: e.targetLabel, href: e.targetHref, id: e.targetId };
    };
    expect(labelOf("change", change.id)).toEqual({ label: `Change #${change.number} · Bump the indexer`, href: `/changes/${change.id}`, id: change.id });
    expect(labelOf("failover-run", failover.id)).toEqual({ label: `Failover #${failover.number} · leaderboard-api → us-east-1`, href: `/failovers/${failover.id}`, id: failover.id });
    expect(labelOf("failover-run", drill.id)).toMatchObject({ label: `Drill #${drill.number} · indexer-db → us-east-1`, href: `/failovers/${drill.id}` });
    expect(labelOf("user", "dana")).toEqual({ label: "Dana Scully", href: "/audit?actor=dana", id: "dana" });
    expect(labelOf("api-token", token.id)).toEqual({ label: "Token “ci-plan” of Dana Scully", href: null, id: token.id });
    expect(labelOf("workspace", "prod-euw1")).toEqual({ label: "Workspace prod-euw1", href: "/changes?workspace=prod-euw1", id: "prod-euw1" });
    expect(labelOf("service", "leaderboard-api")).toMatchObject({ label: expect.stringMatching(/\S/), href: "/deployments/leaderboard-api" });
    expect(labelOf("service", "leaderboard-api").label).not.toBe("leaderboard-api");
    for (const [type, id] of [["change", "ckdeletedchange000000000"], ["user", "nobody"], ["service", "leaderboard-api,retired-svc"], ["route", "GET /api/v1/nope"], ["collector", null]] as const) {
      expect(labelOf(type, id), `${type}:${id}`).toEqual({ label: null, href: null, id });
    }
    // Actors by display name too: the system has none.
    await recordAuditEvent({ actor: { id: user.id, name: "dana" }, action: "test.acted", target: { type: "collector" } });
    const [acted] = (await listAuditEvents({ action: "test.acted", limit: 1 })).events;
    expect(acted).toMatchObject({ actorName: "dana", actorDisplayName: "Dana Scully" });
    expect(events.every((e) => e.actorDisplayName === null)).toBe(true);
    // The API's answer keeps every field it had and validates against the documented schema.
    expect(listAuditResponse.safeParse({ events, nextBefore: null }).success).toBe(true);
  });

  it("resolves a page of many targets with one query per target type, not one per row", async () => {
    const runs = await Promise.all(
      Array.from({ length: 30 }, () => db().failoverRun.create({ data: { service: "api-gateway", fromRegion: "eu-west-1", toRegion: "us-east-1", runbookVersion: "t", mode: "failover", state: "succeeded", requestedById: "u", requestedByName: "u", preflight: {} } })),
    );
    for (const r of runs) await recordAuditEvent({ actor: system, action: "test.many", target: { type: "failover-run", id: r.id } });
    const findMany = vi.spyOn(db().failoverRun, "findMany");
    const { events } = await listAuditEvents({ action: "test.many", limit: 100 });
    expect(events).toHaveLength(30);
    expect(events.every((e) => e.targetLabel?.startsWith("Failover #"))).toBe(true);
    expect(findMany).toHaveBeenCalledTimes(1);
    findMany.mockRestore();
  });
});
