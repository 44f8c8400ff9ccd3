import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyChange } from "@/lib/changes/apply-change";
import { planChange } from "@/lib/changes/plan-change";
import { getChangeDetail } from "@/lib/changes/queries";
import { reviewChange } from "@/lib/changes/review-change";
import { setTerraformRootForProcess } from "@/lib/changes/workspaces";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { resetEnvForTests } from "@/lib/env";
import { approveFailover } from "@/lib/failovers/approve-failover";
import { executeFailover } from "@/lib/failovers/execute-failover";
import { getFailover } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import { AppError } from "@/lib/http/errors";
import { refreshReadModels } from "@/lib/read-models/refresh";
import { people } from "@/tests/support/changes";
import { startTestWorker, waitForApplyEnd } from "@/tests/support/jobs";
import { describeWithTool } from "@/tests/support/require-tool";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { db, dbPool, reader } from "./client";
import { decide } from "./decision";
import { sqlQuery } from "./sql";
import { startProviders } from "@/lib/server/registry";

// A rush of clicks on one console with the default pool (10), on the demo's own workspaces and
// policies (blockchain-us-east-1: the SLO gate on, over the demo's collected SLOs), the way users cause it.

type Outcome = { status: number; ms: number; message: string };

async function timed(call: () => Promise<unknown>): Promise<Outcome> {
  const started = Date.now();
  try {
    await call();
    return { status: 200, ms: Date.now() - started, message: "" };
  } catch (error) {
    // What the route would answer: a typed error's status, anything else a 500.
    return { status: error instanceof AppError ? error.status : 500, ms: Date.now() - started, message: error instanceof Error ? error.message : String(error) };
  }
}

async function countAudit(action: string, targetId: string): Promise<number> {
  return db().auditEvent.count({ where: { action, targetId } });
}

describeWithTool("decisions under a rush, on one connection each (demo workspaces, real SLO gate, terraform)", hasTerraform() ? null : NO_TERRAFORM_REASON, () => {
  let database: TestDatabase;
  let worker: { stop: () => Promise<void> };
  let countApplies: () => Promise<number>;

  beforeAll(async () => {
    database = await startTestDatabase(10);
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    const root = await mkdtemp(path.join(os.tmpdir(), "meridian-rush-"));
    setTerraformRootForProcess(path.join(root, "work"));
    const calls = path.join(root, "terraform-calls.log");
    const wrapper = path.join(root, "terraform-counting.sh");
    await writeFile(wrapper, `#!/bin/sh\necho "$1" >> '${calls}'\nexec terraform "$@"\n`);
    await chmod(wrapper, 0o755);
    countApplies = async () => (await readFile(calls, "utf8").catch(() => "")).split("\n").filter((l) => l === "apply").length;
    const demo = loadConfigFile(path.resolve("config/demo.yaml"));
    setConfigForProcess({ ...demo, workspaces: demo.workspaces.map((w) => ({ ...w, dir: path.resolve(w.dir), terraform: wrapper })) });
    worker = await startTestWorker(database.url);
    await startProviders();
    await Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
    await refreshReadModels("test");
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await database?.stop();
  });

  it("30 concurrent applies of an approved blockchain-us-east-1 change: one accepted, 29 × 409, no 5xx, each within 5 s, one terraform apply, one apply-started row", async () => {
    const change = await planChange(people.operator, { workspace: "blockchain-us-east-1", vars: { revision: "rush-1" } });
    const d = await getChangeDetail(change.id);
    await reviewChange(people.approver, change.id, "approve", { planSha256: d.planSha256 }, "test");
    expect((await getChangeDetail(change.id)).policy).toMatchObject({ canApply: true });
    const before = await countApplies();

    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => timed(() => applyChange(i % 2 ? people.operator : people.operator2, change.id, { planSha256: d.planSha256 }, `rush-${i}`))));
    expect(outcomes.filter((o) => o.status >= 500), JSON.stringify(outcomes.filter((o) => o.status >= 500))).toEqual([]);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 409)).toHaveLength(29);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(5_000);

    expect((await waitForApplyEnd(change.id)).state).toBe("applied");
    expect((await countApplies()) - before).toBe(1);
    expect(await countAudit("change.apply-started", change.id)).toBe(1);
  });

  it("20 concurrent approvals by the same approver: one counted, 19 × 409, no 5xx", async () => {
    const change = await planChange(people.operator, { workspace: "blockchain-eu-west-1", vars: { revision: "rush-2" } });
    const d = await getChangeDetail(change.id);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => timed(() => reviewChange(people.approver, change.id, "approve", { planSha256: d.planSha256 }, "test"))));
    expect(outcomes.filter((o) => o.status >= 500), JSON.stringify(outcomes.filter((o) => o.status >= 500))).toEqual([]);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 409)).toHaveLength(19);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(5_000);
    const after = await getChangeDetail(change.id);
    // Two approvals are needed on the production workspace: one person clicking 20 times is still one.
    expect(after.state).toBe("proposed");
    expect(await countAudit("change.approved", change.id)).toBe(1);
  });

  it("10 concurrent executes of an approved Leaderboard failover: one started, 9 × 409, no 5xx, one failover.started row", async () => {
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "rush test" }, "test");
    const detail = await getFailover(run.id);
    await approveFailover(people.commander, run.id, { runbookVersion: detail.runbookVersion, target: "us-east-1" }, "test");
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => timed(() => executeFailover(people.operator, run.id, { breakGlass: false }, "test"))));
    expect(outcomes.filter((o) => o.status >= 500), JSON.stringify(outcomes.filter((o) => o.status >= 500))).toEqual([]);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 409)).toHaveLength(9);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(5_000);
    expect(await countAudit("failover.started", run.id)).toBe(1);
  });

  it("while 50 slow readers hold the pool, an approval and an apply still complete", async () => {
    const change = await planChange(people.operator, { workspace: "blockchain-us-east-1", vars: { revision: "rush-3" } });
    const d = await getChangeDetail(change.id);
    // Each holds a pooled connection for 0.6 s: the pool of 10 is busy for 3 s, with 40 reads queued.
    const readers = Promise.all(Array.from({ length: 50 }, () => sqlQuery(`SELECT pg_sleep(0.6)`)));
    await new Promise((r) => setTimeout(r, 200));
    expect(dbPool().waitingCount).toBeGreaterThan(0);
    const approve = await timed(() => reviewChange(people.approver, change.id, "approve", { planSha256: d.planSha256 }, "test"));
    const apply = await timed(() => applyChange(people.operator, change.id, { planSha256: d.planSha256 }, "test"));
    expect([approve, apply].map((o) => o.status), JSON.stringify([approve, apply])).toEqual([200, 200]);
    expect(approve.ms + apply.ms).toBeLessThan(5_000);
    await readers;
    expect((await waitForApplyEnd(change.id)).state).toBe("applied");
  });

  it("code running inside a decision cannot reach db() or dbPool(); reader() and sqlQuery use the decision's transaction", async () => {
    await expect(decide("test", async () => db().changeRequest.count())).rejects.toThrow(/db\(\) called inside a decision transaction/);
    await expect(decide("test", async () => dbPool().query("SELECT 1"))).rejects.toThrow(/dbPool\(\) called inside a decision transaction/);
    const pids = await decide("test", async (tx) => {
      const own = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS "pid"`;
      const viaReader = await reader().$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS "pid"`;
      const viaSql = await sqlQuery<{ pid: number }>(`SELECT pg_backend_pid() AS "pid"`);
      return [own[0].pid, viaReader[0].pid, viaSql[0].pid];
    });
    expect(new Set(pids).size).toBe(1);
  });
});
