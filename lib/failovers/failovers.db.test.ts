import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import type { ReadinessRow } from "@/lib/replication/queries";
import type { ReadinessVerdict } from "@/lib/replication/types";
import { people } from "@/tests/support/changes";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startTestWorker, waitForRunEnd } from "@/tests/support/jobs";
import { abortFailover } from "./abort-failover";
import { approveFailover } from "./approve-failover";
import { executeFailover, type ExecuteHooks } from "./execute-failover";
import { getFailover, listDrillLedger, listFailovers } from "./queries";
import { interruptStalledFailovers } from "./interrupt-stalled-failovers";
import { rollBackFailover } from "./roll-back-failover";
import { requestFailover } from "./request-failover";
import { executeFailoverBody, rollBackFailoverBody } from "./schemas";
import type { StepExecutor, StepExecutors } from "./types";

// Readiness is another domain's; here one flag drives the verdict every read sees.
const readiness = vi.hoisted(() => ({ verdict: "ready" as ReadinessVerdict }));
// The runbook is filed under the stateless API and promotes the database: the expected data loss is the database's lag.
vi.mock("@/lib/replication/queries", () => {
  const row = (service: string, links: string[], expectedDataLossSec: number) =>
    ({
      service,
      serviceName: service,
      tier: "critical",
      from: "eu-west-1",
      to: "us-east-1",
      verdict: readiness.verdict,
      reasons: readiness.verdict === "not-ready" ? [{ check: "target-health", verdict: "not-ready", message: "us-east-1 is down" }] : [],
      checks: [],
      links,
      expectedDataLossSec,
      evaluatedAt: new Date().toISOString(),
      lastKnownDataLoss: null,
      lagAsOf: links.length ? new Date().toISOString() : null,
      dataAsOf: null,
    }) satisfies ReadinessRow;
  return {
    listReadinessRows: async () => ({
      readiness: [row("leaderboard-api", [], 0), row("leaderboard-db", ["leaderboard-db-euw1-use1"], 2)],
      freshness: { fetchedAt: null, staleSources: [] },
    }),
    getServiceReadiness: async () => null,
  };
});

type Calls = string[];
/** Executors that do nothing but record what ran and what was undone. */
function recording(calls: Calls, override: Partial<StepExecutors> = {}): StepExecutors {
  const exec = (name: string): StepExecutor<never> => ({
    run: async (_s, ctx) => {
      calls.push(`run ${name}`);
      ctx.log(`${name} done`);
      return { outcome: "succeeded", undo: { name } };
    },
    rollback: async () => {
      calls.push(`undo ${name}`);
    },
  });
  return {
    precheck: exec("precheck"),
    "freeze-writes": exec("freeze-writes"),
    "wait-for-lag": exec("wait-for-lag"),
    promote: exec("promote"),
    scale: exec("scale"),
    "shift-traffic": exec("shift-traffic"),
    verify: exec("verify"),
    ...override,
  };
}

const request = (who = people.operator, extra: Record<string, unknown> = {}) => requestFailover(who, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "test", ...extra }, "test");

async function approve(id: string, who = people.commander) {
  const d = await getFailover(id);
  return approveFailover(who, id, { runbookVersion: d.runbookVersion, target: d.to }, "test");
}

describe("failovers", () => {
  let database: TestDatabase;
  let worker: { stop: () => Promise<void> };
  beforeAll(async () => {
    database = await startTestDatabase();
    worker = await startTestWorker(database.url);
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.stop();
  });
  beforeEach(async () => {
    readiness.verdict = "ready";
    // One open run per service: close what an earlier test left.
    await database.db.failoverRun.updateMany({ where: { state: { in: ["requested", "approved", "running"] } }, data: { state: "aborted" } });
    await database.db.failoverRun.updateMany({ where: { state: { in: ["interrupted", "rolling-back"] } }, data: { state: "rolled-back" } });
  });

  const hooks = (calls: Calls, override: Partial<StepExecutors> = {}): ExecuteHooks => ({ executors: recording(calls, override), path: "planned", measureLagSeconds: async () => 1.5 });

  it("stores the preflight; the requester cannot approve (403); without approval execute is 409; a commander's approval lets it run", async () => {
    const run = await request();
    expect(run.state).toBe("requested");
    expect(run.preflight).toMatchObject({ from: "eu-west-1", to: "us-east-1", readiness: { verdict: "ready" }, expectedDataLossSec: 2, override: null });
    expect(run.preflight.steps.map((s) => s.type)).toEqual(["precheck", "freeze-writes", "wait-for-lag", "promote", "scale", "shift-traffic", "verify"]);
    expect(run.preflight.versions.map((v) => v.service)).toContain("leaderboard-db");

    await expect(approve(run.id, people.operator)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approve(run.id, people.operator2)).rejects.toBeInstanceOf(ForbiddenError);
    const calls: Calls = [];
    await expect(executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls))).rejects.toBeInstanceOf(ConflictError);

    // Approvals bind to the version and target seen.
    await expect(approveFailover(people.approver, run.id, { runbookVersion: "0".repeat(64), target: "us-east-1" })).rejects.toBeInstanceOf(ConflictError);
    await expect(approveFailover(people.approver, run.id, { runbookVersion: run.preflight.runbookVersion, target: "eu-west-1" })).rejects.toBeInstanceOf(ConflictError);
    const one = await approve(run.id, people.approver);
    expect(one.state).toBe("requested");
    await expect(executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls))).rejects.toBeInstanceOf(ConflictError);
    const two = await approve(run.id, people.commander);
    expect(two).toMatchObject({ state: "approved", satisfiedBy: "incident-commander" });

    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls));
    const result = await waitForRunEnd(run.id);
    expect(result?.outcome).toBe("succeeded");
    const d = await getFailover(run.id);
    expect(d).toMatchObject({ state: "succeeded", breakGlass: false, reviewRequired: false, dataLossSeconds: 0 }); // Aurora switchover on the planned path loses nothing
    expect(d.rtoSeconds).not.toBeNull();
    expect(d.steps.map((s) => s.state)).toEqual(Array(7).fill("succeeded"));
    expect(d.steps[0].log).toContain("precheck done");
    const audit = await database.db.auditEvent.findMany({ where: { targetId: run.id }, orderBy: { seq: "asc" } });
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === "failover.step-succeeded")).toHaveLength(7);
    expect(actions).toEqual(expect.arrayContaining(["failover.requested", "failover.approve-denied", "failover.execute-refused", "failover.approved", "failover.started", "failover.succeeded"]));
    await expect(executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls))).rejects.toBeInstanceOf(ConflictError);
  });

  it("break-glass: a reason is required (400 at the schema), only for commanders (403), and flags the run for review", async () => {
    expect(executeFailoverBody.safeParse({ breakGlass: true }).success).toBe(false);
    expect(executeFailoverBody.safeParse({ breakGlass: true, reason: "short" }).success).toBe(false);
    expect(executeFailoverBody.safeParse({ breakGlass: true, reason: "eu-west-1 is down, paging nobody else" }).success).toBe(true);
    const run = await request(people.commander);
    const calls: Calls = [];
    await expect(executeFailover(people.operator, run.id, { breakGlass: true, reason: "eu-west-1 is gone, must move" }, "test", hooks(calls))).rejects.toBeInstanceOf(ForbiddenError);
    const started = await executeFailover(people.commander, run.id, { breakGlass: true, reason: "eu-west-1 is gone, must move" }, "test", hooks(calls));
    expect(started).toMatchObject({ breakGlass: true, reviewRequired: true });
    await waitForRunEnd(run.id);
    const [item] = await listFailovers({ state: "succeeded", limit: 1 });
    expect(item).toMatchObject({ id: run.id, breakGlass: true, reviewRequired: true });
    const audit = await database.db.auditEvent.findFirst({ where: { targetId: run.id, action: "failover.break-glass" } });
    expect(audit?.reason).toBe("eu-west-1 is gone, must move");
  });

  it("two concurrent execute calls start exactly one run", async () => {
    const run = await request();
    await approve(run.id);
    const calls: Calls = [];
    const results = await Promise.allSettled([
      executeFailover(people.operator, run.id, { breakGlass: false }, "a", hooks(calls)),
      executeFailover(people.commander, run.id, { breakGlass: false }, "b", hooks(calls)),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    await waitForRunEnd((won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof executeFailover>>>).value.id);
    expect(calls.filter((c) => c === "run promote")).toHaveLength(1);
    expect(await database.db.failoverStep.count({ where: { runId: run.id } })).toBe(7);
    expect(await database.db.auditEvent.count({ where: { targetId: run.id, action: "failover.started" } })).toBe(1);
  });

  it("a failing shift-traffic step rolls back the earlier steps and leaves a failed record", async () => {
    const run = await request();
    await approve(run.id);
    const calls: Calls = [];
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls, {
      "shift-traffic": {
        run: async (_s, ctx) => {
          ctx.log("ChangeResourceRecordSets: InvalidChangeBatch");
          throw new Error("Route 53: InvalidChangeBatch");
        },
      },
    }));
    await waitForRunEnd(run.id);
    expect(calls).toEqual(["run precheck", "run freeze-writes", "run wait-for-lag", "run promote", "run scale", "undo scale", "undo promote", "undo wait-for-lag", "undo freeze-writes", "undo precheck"]);
    const d = await getFailover(run.id);
    expect(d.state).toBe("failed");
    expect(d.rtoSeconds).toBeNull();
    expect(d.execution).toMatchObject({ outcome: "failed", rolledBack: true, rollbackFailed: false, failedStep: { name: "Shift API traffic (Route 53 weights)" } });
    const main = d.steps.filter((s) => !s.isRollback);
    expect(main.map((s) => s.state)).toEqual(["rolled-back", "rolled-back", "rolled-back", "rolled-back", "rolled-back", "failed", "skipped"]);
    expect(main[5].log).toContain("InvalidChangeBatch");
    const rollbacks = d.steps.filter((s) => s.isRollback);
    expect(rollbacks.map((s) => [s.name, s.state])).toEqual([
      ["Roll back: Scale up API and BFF", "succeeded"],
      ["Roll back: Promote Aurora secondary", "succeeded"],
      ["Roll back: Wait for replication lag", "succeeded"],
      ["Roll back: Freeze leaderboard writes", "succeeded"],
      ["Roll back: Precheck readiness", "succeeded"],
    ]);
    const actions = (await database.db.auditEvent.findMany({ where: { targetId: run.id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toContain("failover.step-failed");
    expect(actions.filter((a) => a === "failover.rollback-succeeded")).toHaveLength(5);
    expect(actions.at(-1)).toBe("failover.failed");
  });

  it("approvals are voided when readiness drops to not-ready before execution; the stored verdict is refreshed", async () => {
    const run = await request();
    expect((await approve(run.id)).state).toBe("approved");
    readiness.verdict = "not-ready";
    const calls: Calls = [];
    await expect(executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls))).rejects.toBeInstanceOf(ConflictError);
    const d = await getFailover(run.id);
    expect(d.state).toBe("requested");
    expect(d.approvals[0].invalidatedAt).not.toBeNull();
    expect(d.preflight.readiness?.verdict).toBe("not-ready");
    expect(d.preflight.readinessRefreshedAt).toBeTruthy();
    // Approved again knowing the new verdict: that approval counts.
    expect((await approve(run.id)).state).toBe("approved");
    expect(calls).toEqual([]);
    await abortFailover(people.operator, run.id, { reason: "not today" });
    expect((await getFailover(run.id)).state).toBe("aborted");
  });

  it("not-ready at request time needs a written precheck override, which is stored", async () => {
    readiness.verdict = "not-ready";
    await expect(request()).rejects.toBeInstanceOf(ConflictError);
    const run = await request(people.operator, { precheckOverride: { reason: "eu-west-1 is down; accept the risk" } });
    expect(run.preflight.override).toMatchObject({ by: "operator", reason: "eu-west-1 is down; accept the risk" });
    const [item] = await listFailovers({ limit: 1 });
    expect(item.precheckOverridden).toBe(true);
    await expect(request()).rejects.toBeInstanceOf(ConflictError); // one open run per service
  });

  it("abort stops a running step and rolls back what completed; unknown ids are 404", async () => {
    const run = await request(people.operator, { mode: "drill" });
    await approve(run.id);
    const calls: Calls = [];
    let entered!: () => void;
    const inVerify = new Promise<void>((r) => (entered = r));
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls, {
      verify: {
        run: (_s, ctx) =>
          new Promise((_resolve, reject) => {
            entered();
            ctx.signal.addEventListener("abort", () => reject(new Error("aborted")));
          }),
      },
    }));
    await inVerify;
    expect(await abortFailover(people.commander, run.id, {})).toMatchObject({ state: "aborting" });
    await waitForRunEnd(run.id);
    const d = await getFailover(run.id);
    expect(d.state).toBe("aborted");
    expect(d.abortRequestedBy).toBe("commander");
    expect(calls).toContain("undo promote");
    await expect(getFailover("nope")).rejects.toBeInstanceOf(NotFoundError);
    // A drill that did not succeed is the last drill but measures nothing; the failovers that succeeded
    // earlier in this file exercised the runbook since, so it is not overdue.
    const row = (await listDrillLedger()).find((r) => r.service === "leaderboard-api");
    expect(row).toMatchObject({ lastDrill: { id: run.id, state: "aborted" }, lastExercised: { mode: "failover" }, overdue: false });
    expect(row?.lastSuccess?.id).not.toBe(run.id);
  });

  it("a run whose runner went silent is interrupted, never resumed; a person's rollback undoes its completed steps", async () => {
    const run = await request();
    await approve(run.id);
    const calls: Calls = [];
    let entered!: () => void;
    const inScale = new Promise<void>((r) => (entered = r));
    // The runner "dies" inside the scale step: as far as the database knows, another runner that went
    // silent a minute ago holds the run. (The real kill -9 is in the two-replica e2e test.)
    await executeFailover(people.operator, run.id, { breakGlass: false }, "test", hooks(calls, {
      scale: {
        run: (_s, ctx) =>
          new Promise((_resolve, reject) => {
            entered();
            ctx.signal.addEventListener("abort", () => reject(new Error("stopped")));
          }),
      },
    }));
    await inScale;
    await database.db.failoverRun.update({ where: { id: run.id }, data: { runnerId: "dead-replica#9", heartbeatAt: new Date(Date.now() - 60_000) } });
    expect(await interruptStalledFailovers(30_000)).toEqual([run.id]);
    let d = await getFailover(run.id);
    expect(d.state).toBe("interrupted");
    expect(d.execution).toMatchObject({ interrupted: true });
    expect(d.steps.find((s) => s.type === "scale")).toMatchObject({ state: "failed" });
    expect(d.steps.find((s) => s.type === "scale")?.log).toContain("not re-run");
    expect(await database.db.auditEvent.count({ where: { targetId: run.id, action: "failover.interrupted" } })).toBe(1);
    // Nothing resumes by itself; the sweep does not touch it again.
    expect(await interruptStalledFailovers(30_000)).toEqual([]);
    expect(calls.filter((c) => c.startsWith("undo"))).toEqual([]);

    // The local runner notices it lost the run on its next heartbeat and stops without rolling back.
    await vi.waitFor(async () => expect(await database.db.auditEvent.count({ where: { targetId: run.id, action: { startsWith: "failover.rollback" } } })).toBe(0), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 2500));
    expect(calls.filter((c) => c.startsWith("undo"))).toEqual([]);
    expect((await getFailover(run.id)).state).toBe("interrupted");
    expect(rollBackFailoverBody.safeParse({ reason: "short" }).success).toBe(false);
    await rollBackFailover(people.operator, run.id, { reason: "eu-west-1 is back; undo the half-done move" }, "test", hooks(calls));
    expect(await waitForRunEnd(run.id)).toEqual({ outcome: "rolled-back" });
    expect(calls.filter((c) => c.startsWith("undo"))).toEqual(["undo promote", "undo wait-for-lag", "undo freeze-writes", "undo precheck"]);
    d = await getFailover(run.id);
    expect(d.steps.filter((s) => s.isRollback).map((s) => s.state)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect(d.steps.find((s) => s.type === "promote" && !s.isRollback)?.state).toBe("rolled-back");
    await expect(rollBackFailover(people.operator, run.id, { reason: "again, by mistake" })).rejects.toBeInstanceOf(ConflictError);
  });
});
