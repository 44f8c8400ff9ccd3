import { describe, expect, it } from "vitest";
import { runbookConfigSchema, type RunbookConfig, type StepType } from "@/lib/runbooks/config-schema";
import { assembleRunbookResult, executeRunbook, getPromoteAction, type RunProgress } from "./execute-runbook";
import { createPrecheckExecutor, createVerifyExecutor, createWaitForLagExecutor } from "./standard-steps";
import type { StepExecutor, StepExecutors, StepRecord } from "./types";

const runbook: RunbookConfig = runbookConfigSchema.parse({
  service: "leaderboard-db",
  steps: [
    { type: "precheck" },
    { type: "freeze-writes" },
    { type: "wait-for-lag", maxLag: "5s", timeout: "1m", pollEvery: "1s" },
    { type: "promote", method: "aurora-global", globalCluster: "lb", targetCluster: { "us-east-1": "arn:use1", "eu-west-1": "arn:euw1" } },
    { type: "scale", cluster: { "us-east-1": "apps-prod-use1" }, workloads: [{ namespace: "lb", name: "api", replicas: 4 }] },
    { type: "shift-traffic", method: "route53-arc", clusterEndpoints: [{ url: "https://a.example", region: "us-west-2" }], controls: { "us-east-1": "arn:c1", "eu-west-1": "arn:c2" } },
    { type: "verify", healthyFor: "3s", pollEvery: "1s" },
  ],
});

/** A virtual clock: sleep advances time instantly, so polling steps run in microseconds. */
function clock(start = Date.parse("2026-11-22T03:00:00Z")) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw signal.reason;
      t += ms;
      await Promise.resolve();
    },
    advance: (ms: number) => (t += ms),
  };
}

type Calls = string[];
function recordingExecutors(calls: Calls, opts: { fail?: StepType; lag?: () => number | null; ready?: "ready" | "not-ready" } = {}): StepExecutors {
  const mutating = <K extends StepType>(type: K): StepExecutor<never> => ({
    async run(_step, ctx) {
      calls.push(`run ${type}`);
      ctx.log(`doing ${type}`);
      if (opts.fail === type) throw new Error(`${type} refused by the provider`);
      return { outcome: "succeeded", undo: { before: `${type}-previous` } };
    },
    async rollback(_step, ctx, undo) {
      calls.push(`undo ${type} ${JSON.stringify(undo)}`);
      ctx.log(`undid ${type}`);
    },
  });
  return {
    precheck: createPrecheckExecutor(async (service) => ({
      service,
      from: "eu-west-1",
      to: "us-east-1",
      verdict: opts.ready ?? "ready",
      reasons: opts.ready === "not-ready" ? [{ check: "replication", verdict: "not-ready", message: "link stalled" }] : [],
      expectedDataLossSec: 2,
      evaluatedAt: "2026-11-22T03:00:00Z",
    })),
    "freeze-writes": mutating("freeze-writes"),
    "wait-for-lag": createWaitForLagExecutor(async () => (opts.lag ? opts.lag() : 1)),
    promote: mutating("promote"),
    scale: mutating("scale"),
    "shift-traffic": mutating("shift-traffic"),
    verify: createVerifyExecutor(async () => ({ healthy: true, detail: "availability 99.98 %" })),
  };
}

const base = { from: "eu-west-1", to: "us-east-1" } as const;

describe("executeRunbook", () => {
  it("runs every step in order and measures RTO from the request and data loss at promotion", async () => {
    const c = clock();
    const calls: Calls = [];
    const requestedAt = new Date(c.now() - 120_000); // requested, approved, then executed 2 min later
    const res = await executeRunbook({ ...base, runbook, path: "planned", requestedAt, executors: recordingExecutors(calls), measureLagSeconds: async () => 0.4, now: c.now, sleep: c.sleep });
    expect(res.outcome).toBe("succeeded");
    expect(calls).toEqual(["run freeze-writes", "run promote", "run scale", "run shift-traffic"]);
    expect(res.steps.map((s) => s.state)).toEqual(Array(7).fill("succeeded"));
    expect(res.promoteAction).toBe("aurora-switchover");
    expect(res.dataLossSeconds).toBe(0); // a switchover waits for the secondary
    // Verify held 3 s of virtual time after 120 s of waiting.
    expect(res.rtoSeconds).toBe(123);
    expect(res.steps[6].log).toMatch(/healthy — availability 99.98 % \(3 s of 3 s\)/);
  });

  it("a failing shift-traffic step rolls back the earlier steps and leaves a failed record", async () => {
    const c = clock();
    const calls: Calls = [];
    const seen: StepRecord[] = [];
    const res = await executeRunbook({
      ...base,
      runbook,
      path: "planned",
      requestedAt: new Date(c.now()),
      executors: recordingExecutors(calls, { fail: "shift-traffic" }),
      onStep: (r) => void seen.push(r),
      now: c.now,
      sleep: c.sleep,
    });
    expect(res.outcome).toBe("failed");
    expect(res.rolledBack).toBe(true);
    expect(res.failedStep).toMatchObject({ index: 5, name: "Shift traffic", error: "shift-traffic refused by the provider" });
    // Reverse order, each with the undo data its step returned.
    expect(calls).toEqual([
      "run freeze-writes",
      "run promote",
      "run scale",
      "run shift-traffic",
      'undo scale {"before":"scale-previous"}',
      'undo promote {"before":"promote-previous"}',
      'undo freeze-writes {"before":"freeze-writes-previous"}',
    ]);
    expect(res.steps.map((s) => [s.name, s.isRollback, s.state])).toEqual([
      ["Precheck readiness", false, "succeeded"],
      ["Freeze writes", false, "rolled-back"],
      ["Wait for replication lag", false, "succeeded"],
      ["Promote replica", false, "rolled-back"],
      ["Scale up target", false, "rolled-back"],
      ["Shift traffic", false, "failed"],
      ["Verify target SLIs", false, "skipped"],
      ["Roll back: Scale up target", true, "succeeded"],
      ["Roll back: Promote replica", true, "succeeded"],
      ["Roll back: Freeze writes", true, "succeeded"],
    ]);
    expect(res.steps[5].log).toMatch(/failed: shift-traffic refused by the provider/);
    expect(res.steps[7]).toMatchObject({ index: 7, stepIndex: 4, type: "scale" });
    expect(res.rtoSeconds).toBeNull();
    // The caller saw the failed state and every rollback record as it happened.
    expect(seen.some((r) => r.index === 5 && r.state === "failed")).toBe(true);
    expect(new Set(seen.filter((r) => r.isRollback && r.state === "running").map((r) => r.index))).toEqual(new Set([7, 8, 9]));
  });

  it("takes the data-loss path when the primary is gone: lag wait and freeze skipped with a reason, Aurora failover", async () => {
    const c = clock();
    const res = await executeRunbook({ ...base, runbook, path: "data-loss", requestedAt: new Date(c.now()), executors: recordingExecutors([]), measureLagSeconds: async () => 7.5, now: c.now, sleep: c.sleep });
    expect(res.outcome).toBe("succeeded");
    expect(res.steps[1].state).toBe("skipped");
    expect(res.steps[2].state).toBe("skipped");
    expect(res.steps[2].log).toMatch(/eu-west-1 is unreachable: replication cannot catch up/);
    expect(res.promoteAction).toBe("aurora-failover");
    expect(res.dataLossSeconds).toBe(7.5);
    expect(res.steps[3].log).toMatch(/aurora-failover: data-loss estimate 7.5 s/);
  });

  it("fails the precheck on not-ready unless overridden with a reason", async () => {
    const c = clock();
    const calls: Calls = [];
    const denied = await executeRunbook({ ...base, runbook, path: "planned", requestedAt: new Date(c.now()), executors: recordingExecutors(calls, { ready: "not-ready" }), now: c.now, sleep: c.sleep });
    expect(denied.outcome).toBe("failed");
    expect(denied.failedStep?.error).toMatch(/not-ready \(leaderboard-db: link stalled\)/);
    expect(calls).toEqual([]);
    const overridden = await executeRunbook({
      ...base,
      runbook,
      path: "planned",
      requestedAt: new Date(c.now()),
      override: { by: "commander", reason: "eu-west-1 is burning; accept the risk" },
      executors: recordingExecutors([], { ready: "not-ready" }),
      now: c.now,
      sleep: c.sleep,
    });
    expect(overridden.outcome).toBe("succeeded");
    expect(overridden.steps[0].log).toMatch(/overridden by commander/);
  });

  it("times out wait-for-lag when the lag stays above the bound", async () => {
    const short = runbookConfigSchema.parse({ service: "leaderboard-db", steps: [{ type: "wait-for-lag", maxLag: "5s", timeout: "150ms", pollEvery: "20ms" }] });
    const res = await executeRunbook({ ...base, runbook: short, path: "planned", requestedAt: new Date(), executors: recordingExecutors([], { lag: () => 30 }) });
    expect(res.outcome).toBe("failed");
    expect(res.failedStep?.error).toBe("timed out after 150 ms");
    expect(res.steps[0].log).toMatch(/lag 30 s > 5 s; waiting/);
  });

  it("stops on abort and rolls back what already ran", async () => {
    const c = clock();
    const calls: Calls = [];
    const ctrl = new AbortController();
    const executors = recordingExecutors(calls);
    const scale = executors.scale;
    executors.scale = {
      ...scale,
      run: (step, ctx) =>
        new Promise((_, reject) => {
          calls.push("run scale (hangs)");
          ctx.signal.addEventListener("abort", () => reject(new Error("cancelled")));
          ctrl.abort();
        }),
    };
    const res = await executeRunbook({ ...base, runbook, path: "planned", requestedAt: new Date(c.now()), executors, signal: ctrl.signal, now: c.now, sleep: c.sleep });
    expect(res.outcome).toBe("aborted");
    expect(res.steps[4]).toMatchObject({ state: "failed" });
    expect(res.steps[4].log).toMatch(/aborted by request/);
    expect(res.steps.slice(5, 7).map((s) => s.state)).toEqual(["skipped", "skipped"]);
    expect(calls.slice(-2)).toEqual(['undo promote {"before":"promote-previous"}', 'undo freeze-writes {"before":"freeze-writes-previous"}']);
  });

  it("records a failed rollback and keeps undoing the rest", async () => {
    const c = clock();
    const calls: Calls = [];
    const executors = recordingExecutors(calls, { fail: "shift-traffic" });
    executors.promote = { ...executors.promote, rollback: async () => Promise.reject(new Error("cannot demote: old primary unreachable")) };
    const res = await executeRunbook({ ...base, runbook, path: "planned", requestedAt: new Date(c.now()), executors, now: c.now, sleep: c.sleep });
    expect(res.rollbackFailed).toBe(true);
    expect(res.rolledBack).toBe(false);
    const rb = res.steps.filter((s) => s.isRollback);
    expect(rb.map((s) => s.state)).toEqual(["succeeded", "failed", "succeeded"]);
    expect(rb[1].log).toMatch(/cannot demote.*fix by hand/);
    expect(res.steps[3].state).toBe("succeeded"); // the promote stays done: it was not undone
  });

  it("resolves the promote action per path", () => {
    const promote = runbook.steps[3];
    if (promote.type !== "promote") throw new Error("fixture");
    expect(getPromoteAction(promote, "planned")).toBe("aurora-switchover");
    expect(getPromoteAction(promote, "data-loss")).toBe("aurora-failover");
  });
});

describe("assembleRunbookResult", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const progress = (over: Partial<RunProgress>): RunProgress => ({
    outcome: "succeeded",
    failedStep: null,
    promotedAt: at(20),
    verifiedAt: null,
    dataLossSeconds: 3,
    promoteAction: "aurora-failover",
    completed: [],
    moved: new Map([["leaderboard-db", at(20)]]),
    ...over,
  });
  const base = { rollbackFailed: false, records: [], reportErrors: [], requestedAt: at(0), startedAt: at(5), finishedAt: at(30) };

  it("a succeeded run without a verify step counts as verified when it finished, and reports its moves", () => {
    const result = assembleRunbookResult({ ...base, progress: progress({}) });
    expect(result).toMatchObject({ outcome: "succeeded", rolledBack: false, verifiedAt: at(30), rtoSeconds: 30, dataLossSeconds: 3 });
    expect(result.moved).toEqual([{ service: "leaderboard-db", at: at(20) }]);
  });

  it("a failed run has no verified time, RTO or moves, and no data loss when nothing was promoted", () => {
    const result = assembleRunbookResult({ ...base, progress: progress({ outcome: "failed", promotedAt: null, verifiedAt: at(25) }) });
    expect(result).toMatchObject({ outcome: "failed", rolledBack: true, verifiedAt: null, rtoSeconds: null, dataLossSeconds: null, moved: [] });
  });
});
