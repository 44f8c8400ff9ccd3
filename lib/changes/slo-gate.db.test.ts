import { afterAll, beforeAll, expect, it } from "vitest";
import { buildJobs } from "@/lib/collector/scheduler";
import { runJob } from "@/lib/collector/run-job";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError } from "@/lib/http/errors";
import { SLOS_KIND } from "@/lib/slos/collector";
import { setSloDefinitionsForProcess } from "@/lib/slos/store";
import { people, startChangesSandbox, type ChangesSandbox } from "@/tests/support/changes";
import { startTestWorker, waitForApplyEnd } from "@/tests/support/jobs";
import { describeWithTool } from "@/tests/support/require-tool";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { applyChange } from "./apply-change";
import { overrideSloGate } from "./override-slo-gate";
import { planChange } from "./plan-change";
import { getChangeDetail } from "./queries";
import { reviewChange } from "./review-change";
import { startProviders } from "@/lib/server/registry";

// The real SLO gate (not a stand-in) over the demo fleet's SLOs, collected into a real PostgreSQL:
// it fails closed on missing or stale data and on a workspace that names no services.

// A resource no service name matches: only the workspace's own services say what it touches.
const EDGE_ONLY = `resource "terraform_data" "edge" {\n  input = "edge-${Date.now()}"\n}\n`;

async function collectSlos() {
  const outcomes = await Promise.all(buildJobs().filter((j) => j.name.split("/")[1] === SLOS_KIND).map((j) => runJob(j, "test", { force: true })));
  expect(outcomes.every((o) => o.ok)).toBe(true);
}

async function planAndApprove(workspace: string) {
  const c = await planChange(people.operator, { workspace });
  const d = await getChangeDetail(c.id);
  await reviewChange(people.approver, c.id, "approve", { planSha256: d.planSha256 }, "test");
  return getChangeDetail(c.id);
}

async function overrideAndApply(id: string, planSha256: string) {
  await overrideSloGate(people.commander, id, { planSha256, reason: "Incident 42: this change is the mitigation, data or not" });
  expect((await getChangeDetail(id)).policy).toMatchObject({ canApply: true, sloGateOverridden: true });
  await applyChange(people.operator, id, { planSha256 }, "test");
  return waitForApplyEnd(id);
}

describeWithTool("SLO gate, failing closed (demo SLOs, real database, terraform)", hasTerraform() ? null : NO_TERRAFORM_REASON, () => {
  let database: TestDatabase;
  let sandbox: ChangesSandbox;
  let worker: { stop: () => Promise<void> };

  beforeAll(async () => {
    database = await startTestDatabase();
    worker = await startTestWorker(database.url);
    sandbox = await startChangesSandbox();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    setSloDefinitionsForProcess(null);
    await startProviders(); // anchors the Leaderboard's bad deploy 3 h before now: its latency SLO pages in eu-west-1
    await collectSlos();
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.stop();
  });

  it("stale SLO data of a touched region blocks an apply that fresh data lets through; the commander's override lets it through", async () => {
    await sandbox.addWorkspace("use1-calm", EDGE_ONLY, { regions: ["us-east-1"], services: ["multivac-api"] });
    const fresh = await planAndApprove("use1-calm");
    // With current data nothing in us-east-1 burns: the only thing missing is nothing.
    expect(fresh.policy).toMatchObject({ canApply: true, blockers: [] });

    // The us-east-1 SLI source answered last 10 minutes ago (stale after 2 × 30 s): its SLOs are last-known.
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await database.db.sourceStatus.update({ where: { name: "demo/slos/us-east-1" }, data: { lastSuccessAt: tenMinutesAgo, lastTakenAt: tenMinutesAgo } });
    const stale = await getChangeDetail(fresh.id);
    expect(stale.policy.canApply).toBe(false);
    expect(stale.policy.blockers).toEqual([
      expect.objectContaining({ rule: "slo-gate", message: expect.stringMatching(/multivac-api .* in us-east-1 has no SLO data since \d{4}-.*Z/), unblock: expect.stringContaining("SLO data") }),
    ]);
    await expect(applyChange(people.operator, fresh.id, { planSha256: fresh.planSha256 }, "test")).rejects.toThrow(ConflictError);
    await expect(applyChange(people.operator, fresh.id, { planSha256: fresh.planSha256 }, "test")).rejects.toThrow(/SLO gate: .*no SLO data since/);
    expect((await getChangeDetail(fresh.id)).state).toBe("approved");

    // Missing altogether (the snapshot is gone, as after a first start): still blocked.
    const snapshot = await database.db.snapshot.findUniqueOrThrow({ where: { kind_key: { kind: SLOS_KIND, key: "us-east-1" } } });
    await database.db.snapshot.delete({ where: { kind_key: { kind: SLOS_KIND, key: "us-east-1" } } });
    expect((await getChangeDetail(fresh.id)).policy.blockers[0].message).toMatch(/has no SLO data \(not collected yet\)/);
    await database.db.snapshot.create({ data: snapshot as never });

    const end = await overrideAndApply(fresh.id, fresh.planSha256);
    expect(end).toMatchObject({ state: "applied", exitCode: 0 });
    await collectSlos();
  });

  it("a workspace with services: [] is blocked by any burning SLO of its region, even one no resource names; the override lets it through", async () => {
    await sandbox.addWorkspace("euw1-open", EDGE_ONLY, { regions: ["eu-west-1"], services: [] });
    const c = await planAndApprove("euw1-open");
    expect(c.summary.services).toEqual([]);
    expect(c.policy.canApply).toBe(false);
    const gate = c.policy.blockers.find((b) => b.rule === "slo-gate");
    // The Leaderboard's bad deploy: its latency SLO in eu-west-1 pages; the plan never mentions it.
    expect(gate?.message).toMatch(/leaderboard-api .* in eu-west-1 burns \d+\.\d× over 1h/);
    await expect(applyChange(people.operator, c.id, { planSha256: c.planSha256 }, "test")).rejects.toThrow(/SLO gate: .*leaderboard-api/);

    // Naming services narrows the gate to them: the same plan in a workspace of calm services passes.
    await sandbox.addWorkspace("euw1-named", EDGE_ONLY, { regions: ["eu-west-1"], services: ["explorer"] });
    const named = await planAndApprove("euw1-named");
    expect(named.policy).toMatchObject({ canApply: true });

    expect(await overrideAndApply(c.id, c.planSha256)).toMatchObject({ state: "applied" });
    const audit = await database.db.auditEvent.findFirst({ where: { action: "change.apply-started", targetId: c.id } });
    expect(audit?.reason).toContain("Incident 42");
  });
});
