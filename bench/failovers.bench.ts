// Failover step engine and the demo failover.
// `npm run bench -- failovers`
// 1. Engine overhead: a 7-step runbook with no-op executors (what the engine itself costs per run).
// 2. The demo Leaderboard failover end to end on a REAL PostgreSQL: fleet-state transactions with an
//    audit row per mutating step, lag and SLI probes, verify held for 0 s (the demo holds 3 s;
//    that wait is configuration, not work). Each sample fails over and back (two runs).
import { readFileSync } from "node:fs";
import { parseYamlWith } from "@/lib/config/parse-config";
import { configSchema } from "@/lib/config/schema";
import { checkDemoTargetHealth } from "@/lib/demo/failover";
import { createDemoLagMeasure, createDemoStepExecutors } from "@/lib/failovers/providers/demo";
import { demoFleet } from "@/lib/demo/fleet";
import { getFleetState } from "@/lib/demo/state";
import { runbookConfigSchema } from "@/lib/runbooks/config-schema";
import { executeRunbook } from "@/lib/failovers/execute-runbook";
import type { StepExecutor, StepExecutors } from "@/lib/failovers/types";
import { measure, startBenchDatabase, type BenchResult } from "./support";

export async function run(): Promise<BenchResult[]> {
  const config = parseYamlWith(configSchema, readFileSync("config/demo.yaml", "utf8"), "config/demo.yaml");
  const source = config.runbooks.find((r) => r.service === "leaderboard-api")!;
  const runbook = runbookConfigSchema.parse({
    service: source.service,
    steps: source.steps.map((s) => (s.type === "verify" ? { type: "verify", healthyFor: "1ms", pollEvery: "1ms" } : s.type === "wait-for-lag" ? { type: "wait-for-lag", maxLag: `${s.maxLag}ms`, pollEvery: "10ms" } : { ...s, timeout: undefined })),
  });

  const noop: StepExecutor<never> = { run: async () => ({ outcome: "succeeded", undo: {} }), rollback: async () => undefined };
  const noops: StepExecutors = {
    precheck: noop,
    "freeze-writes": noop,
    "wait-for-lag": noop,
    promote: noop,
    scale: noop,
    "shift-traffic": noop,
    verify: noop,
  };
  const results: BenchResult[] = [];
  results.push(
    await measure("failovers: engine, 7 no-op steps", 1000, () => executeRunbook({ runbook, from: "eu-west-1", to: "us-east-1", path: "planned", requestedAt: new Date(), executors: noops }), "per run, with step callbacks"),
  );

  const database = await startBenchDatabase();
  try {
    const loadFleet = async (at = Date.now()) => demoFleet(config, await getFleetState(database.db), at);
    const actor = { id: null, name: "bench" };
    const once = async (from: string, to: string) => {
      const res = await executeRunbook({
        runbook,
        from,
        to,
        path: "planned",
        requestedAt: new Date(),
        executors: createDemoStepExecutors(runbook, { actor, loadFleet, getReadiness: async () => null }),
        measureLagSeconds: createDemoLagMeasure(runbook, loadFleet),
        // The verify step waits for real SLIs: with a 1 ms hold it needs one more poll.
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 1))),
      });
      if (res.outcome !== "succeeded") throw new Error(`bench failover failed: ${res.failedStep?.error}`);
    };
    results.push(
      await measure("failovers: demo Leaderboard failover + failback (real PostgreSQL)", 30, async () => {
        await once("eu-west-1", "us-east-1");
        await once("us-east-1", "eu-west-1");
      }, "2 runs × 3 state transactions with audit rows, 7 steps each"),
    );
    const fleet = await loadFleet();
    results.push(await measure("failovers: demo verify probe (SLIs of 4 services)", 1000, async () => checkDemoTargetHealth(fleet, ["leaderboard-api", "leaderboard-bff", "leaderboard-cache", "leaderboard-db"], "eu-west-1")));
  } finally {
    await database.stop();
  }
  return results;
}
