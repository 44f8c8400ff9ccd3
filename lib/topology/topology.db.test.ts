import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import type { MeridianConfig } from "@/lib/config/schema";
import { createDemoStepExecutors } from "@/lib/failovers/providers/demo";
import { loadDemoFleet } from "@/lib/server/demo-fleet";
import { demoWindowRates } from "@/lib/demo/slis";
import { getFleetState } from "@/lib/demo/state";
import { runbookConfigSchema } from "@/lib/runbooks/config-schema";
import { executeRunbook } from "@/lib/failovers/execute-runbook";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { actor } from "@/tests/support/changes";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getTopologyDrift, getTopologyView, listRoleHistory } from "./queries";
import { recordTopologyChange } from "./record-topology-change";
import { recordTopologyBody } from "./schemas";
import { applyRoleChanges, loadTopologyTimeline, syncConfiguredTopology } from "./store";
import { activeRegionOf } from "./timeline";
import { startProviders } from "@/lib/server/registry";

const admin = actor("admin", "admin");
const HOUR = 3_600_000;

describe("recorded topology (demo fleet)", () => {
  let database: TestDatabase;
  let config: MeridianConfig;
  beforeAll(async () => {
    database = await startTestDatabase();
    config = loadConfigFile(path.resolve("config/demo.yaml"));
    setConfigForProcess(config);
    await startProviders();
  });
  afterAll(async () => database?.stop());

  const active = async (service: string, at = Date.now()) => activeRegionOf((await loadTopologyTimeline()).rolesAt(service, at));

  it("records the configuration once per service, again only when the file's roles for it change; a recorded failover is not undone by the same file", async () => {
    await loadTopologyTimeline();
    const rows = await database.db.roleAssignment.count();
    expect(rows).toBe(config.systems.flatMap((s) => s.services).reduce((n, s) => n + Object.keys(s.regions).length, 0));
    expect(await syncConfiguredTopology(config)).toBe(0);
    expect(await database.db.roleAssignment.count()).toBe(rows);

    // A failover recorded since: the same file changes nothing.
    await database.db.$transaction((tx) => applyRoleChanges(tx, [{ service: "explorer", activeRegion: "us-east-1", at: new Date() }], { cause: "manual", reason: "test" }));
    expect(await syncConfiguredTopology(config)).toBe(0);
    expect(await active("explorer")).toBe("us-east-1");
    // An edit of the file's roles for it is a new configured assignment.
    const edited = structuredClone(config);
    edited.systems.flatMap((s) => s.services).find((s) => s.id === "explorer")!.regions = { "eu-west-1": "active-active", "us-east-1": "active-active" };
    expect(await syncConfiguredTopology(edited)).toBe(1);
    expect((await loadTopologyTimeline()).rolesAt("explorer", Date.now())).toEqual({ "eu-west-1": "active-active", "us-east-1": "active-active" });
    expect((await listRoleHistory("explorer")).periods.map((p) => p.cause)).toEqual(["configuration", "manual", "configuration"]);
    expect(await syncConfiguredTopology(config)).toBe(1);
  });

  it("an admin records a failover done outside Meridian, back-dated; the record is refused before the last change, for an active-active service, an unknown service, or without a reason", async () => {
    // As if the console had run for three days: the configuration was first recorded then.
    await database.db.roleAssignment.updateMany({ where: { service: { in: ["indexer-db", "indexer"] }, cause: "configuration" }, data: { validFrom: new Date(Date.now() - 72 * HOUR) } });
    expect(recordTopologyBody.safeParse({ services: ["indexer-db"], activeRegion: "us-east-1", reason: "short" }).success).toBe(false);
    expect(recordTopologyBody.safeParse({ services: ["indexer-db"], activeRegion: "us-east-1", cause: "detected", effectiveAt: new Date().toISOString() }).success).toBe(false);
    const at = new Date(Date.now() - 2 * HOUR);
    const done = await recordTopologyChange(admin, recordTopologyBody.parse({ services: ["indexer-db", "indexer"], activeRegion: "us-east-1", effectiveAt: at.toISOString(), reason: "DBA promoted the replica by hand at 04:00" }), "test");
    expect(done.changes.map((c) => [c.service, c.at])).toEqual([["indexer-db", at.toISOString()], ["indexer", at.toISOString()]]);
    expect(await active("indexer-db", at.getTime() - 1)).toBe("eu-west-1");
    expect(await active("indexer-db", at.getTime())).toBe("us-east-1");
    const audit = await database.db.auditEvent.findFirst({ where: { action: "topology.recorded" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorName: "admin", reason: "DBA promoted the replica by hand at 04:00", targetId: "indexer-db,indexer" });

    const before = (n: number) => recordTopologyBody.parse({ services: ["indexer-db"], activeRegion: "eu-west-1", effectiveAt: new Date(at.getTime() - n).toISOString(), reason: "this cannot go before the last change" });
    await expect(recordTopologyChange(admin, before(60_000), "test")).rejects.toBeInstanceOf(ConflictError);
    await expect(recordTopologyChange(admin, recordTopologyBody.parse({ services: ["multivac-api"], activeRegion: "us-east-1", reason: "active-active has nothing to fail over" }), "test")).rejects.toThrow(/cannot be recorded active in us-east-1: it holds eu-west-1 active-active/);
    await expect(recordTopologyChange(admin, recordTopologyBody.parse({ services: ["nope"], activeRegion: "us-east-1", reason: "no such service here" }), "test")).rejects.toBeInstanceOf(ValidationError);
    await expect(recordTopologyChange(admin, recordTopologyBody.parse({ services: ["indexer-db"], activeRegion: "us-east-1", reason: "already recorded there" }), "test")).rejects.toThrow(/already recorded active in us-east-1/);
    expect(await database.db.auditEvent.count({ where: { action: "topology.record-refused" } })).toBe(4);
    // Nothing half-done: the indexer stack is still where the first record put it.
    expect(await active("indexer-db")).toBe("us-east-1");
    // Two admins recording the same thing at once: one record, one refusal.
    const both = await Promise.allSettled([0, 1].map(() => recordTopologyChange(admin, recordTopologyBody.parse({ services: ["indexer-db", "indexer"], activeRegion: "eu-west-1", reason: "failed back by hand as well" }), "test")));
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await listRoleHistory("indexer-db")).periods.map((p) => p.activeRegion)).toEqual(["eu-west-1", "us-east-1", "eu-west-1"]);
  });

  it("the demo fleet's own evidence: a run that moved it and was never recorded (the runner died) shows as a warning; recording it keeps what the fleet showed", async () => {
    const rb = runbookConfigSchema.parse({ ...config.runbooks.find((r) => r.service === "leaderboard-api")!, steps: config.runbooks.find((r) => r.service === "leaderboard-api")!.steps.filter((s) => s.type === "promote" || s.type === "shift-traffic"), rto: "15m", rpo: "30s", drillMaxAge: "30d", drillTarget: undefined });
    // The steps run, but no run ends: nothing records where they put the stack.
    const res = await executeRunbook({ runbook: rb, from: "eu-west-1", to: "us-east-1", path: "planned", requestedAt: new Date(), executors: createDemoStepExecutors(rb, { actor: { id: null, name: "test" }, loadFleet: (at) => loadDemoFleet(at) }) });
    expect(res.outcome).toBe("succeeded");
    expect(await active("leaderboard-api")).toBe("eu-west-1");
    await Promise.all(buildJobs().filter((j) => j.name === "demo/topology/evidence").map((j) => runJob(j, "test", { force: true })));
    const { drift } = await getTopologyDrift();
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ runbook: "leaderboard-api", observedActive: "us-east-1" });
    expect(drift[0].evidence.map((e) => e.kind)).toEqual(["demo-fleet", "demo-fleet", "demo-fleet"]);
    expect(drift[0].services.map((s) => s.service).sort()).toEqual(["leaderboard-api", "leaderboard-bff", "leaderboard-db"]);
    expect((await getTopologyView()).drift).toHaveLength(1);

    // What the fleet showed for the last hour, before anyone records anything.
    const slo = { id: "t", service: "leaderboard-api", region: "us-east-1", kind: "availability" as const, objective: 99.9 };
    const now = Date.now();
    const shown = demoWindowRates(await loadDemoFleet(now), slo, now, HOUR);
    expect(shown.total).toBeGreaterThan(0);

    const recorded = await recordTopologyChange(admin, recordTopologyBody.parse({ services: drift[0].services.map((s) => s.service), activeRegion: "us-east-1", cause: "detected" }), "test");
    const moves = (await getFleetState()).moves;
    // From the instant the fleet moved (its move log), not the click.
    for (const c of recorded.changes) expect(c.at).toBe(moves.filter((m) => m.service === c.service).at(-1)?.at);
    expect(demoWindowRates(await loadDemoFleet(now), slo, now, HOUR)).toEqual(shown);
    expect((await getTopologyDrift()).drift).toEqual([]);
  });
});
