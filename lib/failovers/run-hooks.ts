import type { FailoverPath, StepExecutors } from "./types";

/** What tests inject into a run (failing executors, a fixed path, fast sleeps); production passes none. */
export type ExecuteHooks = {
  executors?: StepExecutors;
  path?: FailoverPath;
  measureLagSeconds?: () => Promise<number | null>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Refreshes the snapshots after the fleet moved (default with demo executors: collect the demo sources now). */
  collect?: () => Promise<unknown>;
  /** Poll interval of the live executors while waiting for Aurora writers and Route 53 INSYNC (tests). */
  livePollMs?: number;
};

// A test seam, not a registry of work: the run's state lives in the database, and a replica that
// picks up a run without hooks here runs it with the configured executors.
const holder = globalThis as unknown as { meridianRunHooks?: Map<string, ExecuteHooks> };

export function setRunHooks(runId: string, hooks: ExecuteHooks): void {
  holder.meridianRunHooks ??= new Map();
  holder.meridianRunHooks.set(runId, hooks);
}

export function takeRunHooks(runId: string): ExecuteHooks {
  const hooks = holder.meridianRunHooks?.get(runId) ?? {};
  return hooks;
}
