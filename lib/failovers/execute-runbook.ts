import { getStepName, getStepServices, type RunbookConfig, type RunbookStep, type StepOf } from "./config-schema";
import type {
  FailoverMode,
  FailoverPath,
  PrecheckOverride,
  PromoteAction,
  RunOutcome,
  StepContext,
  StepExecutor,
  StepExecutors,
  StepRecord,
  StepResult,
} from "./types";

// The step engine: runs a runbook's steps in order through injected executors, reports every
// state change and log line, and on a failure (or abort) undoes the completed steps in reverse,
// each undo a record of its own. No I/O of its own: the caller persists and streams the records.

/** Steps that move services between regions (the topology records where they went). */
export const MOVERS: ReadonlySet<RunbookStep["type"]> = new Set(["promote", "scale", "shift-traffic"]);

/** Rollbacks run even after an abort, but not forever. */
const ROLLBACK_TIMEOUT_MS = 10 * 60_000;

export type ExecuteRunbookInput = {
  runbook: RunbookConfig;
  runId?: string | null;
  service?: string;
  from: string;
  to: string;
  mode?: FailoverMode;
  /** A drill against the runbook's drill target: executors must leave production alone. */
  drillTarget?: string | null;
  path: FailoverPath;
  /** When the failover was requested: RTO is measured from here to verified. */
  requestedAt: Date;
  override?: PrecheckOverride | null;
  executors: StepExecutors;
  /** Replication lag (seconds) right before promotion: the data-loss estimate. */
  measureLagSeconds?: () => Promise<number | null>;
  /** Called with a fresh copy of a record on every state change and log line; awaited in order. */
  onStep?: (record: StepRecord) => void | Promise<void>;
  signal?: AbortSignal;
  /** Asked after a failure or abort; false when this runner lost the run (a person decides on its rollback). */
  rollbackAllowed?: () => boolean;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

export type RunbookResult = {
  outcome: RunOutcome;
  /** Every completed step that could be undone was undone. */
  rolledBack: boolean;
  /** At least one rollback failed: someone must look at the service by hand. */
  rollbackFailed: boolean;
  failedStep: { index: number; name: string; error: string } | null;
  steps: StepRecord[];
  startedAt: Date;
  promotedAt: Date | null;
  verifiedAt: Date | null;
  finishedAt: Date;
  /** Request → verified, in whole seconds; null unless the run succeeded. */
  rtoSeconds: number | null;
  /** Replication lag at promotion (seconds); 0 for an Aurora switchover; null when unknown or not promoted. */
  dataLossSeconds: number | null;
  promoteAction: PromoteAction | null;
  /** When each service a step moved took its new region (from the steps that succeeded and were not undone). */
  moved: Array<{ service: string; at: Date }>;
  /** onStep callbacks that threw (the run went on; the caller should know its records may lag). */
  reportErrors: string[];
};

/** The Aurora global-database call a promote step makes on each path. */
export function getPromoteAction(step: StepOf<"promote">, path: FailoverPath): PromoteAction {
  if (step.method === "aurora-global") return path === "planned" ? "aurora-switchover" : "aurora-failover";
  return step.method;
}

/** Why a step does not run on the data-loss path, or null when it does. */
export function getDataLossSkipReason(step: RunbookStep, from: string): string | null {
  if (step.type === "wait-for-lag") return `${from} is unreachable: replication cannot catch up, so the promotion accepts the last known lag as data loss`;
  if (step.type === "freeze-writes") return `${from} is unreachable: nothing there is taking writes to freeze`;
  return null;
}

export class StepTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`);
    this.name = "StepTimeoutError";
  }
}

export class RunAbortedError extends Error {
  constructor() {
    super("aborted by request");
    this.name = "RunAbortedError";
  }
}

export function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(11, 24);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs fn under a signal that fires on the parent's abort or after timeoutMs; the race stops a hung executor. */
async function bounded<T>(fn: (signal: AbortSignal) => Promise<T>, parent: AbortSignal | null, timeoutMs: number | null): Promise<T> {
  const ctrl = new AbortController();
  const cleanups: Array<() => void> = [];
  const gate = new Promise<never>((_, reject) => {
    const fail = (reason: Error) => {
      ctrl.abort(reason);
      reject(reason);
    };
    if (parent) {
      if (parent.aborted) fail(new RunAbortedError());
      const onAbort = () => fail(new RunAbortedError());
      parent.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => parent.removeEventListener("abort", onAbort));
    }
    if (timeoutMs !== null) {
      const timer = setTimeout(() => fail(new StepTimeoutError(timeoutMs)), timeoutMs);
      cleanups.push(() => clearTimeout(timer));
    }
  });
  gate.catch(() => undefined); // handled through the race below
  try {
    return await Promise.race([fn(ctrl.signal), gate]);
  } finally {
    for (const c of cleanups) c();
  }
}

type SetState = (rec: StepRecord, state: StepRecord["state"], line?: string) => Promise<void>;

/**
 * Undoes completed steps in reverse, each undo a record of its own appended to `records`; a failed
 * undo is recorded and the others still run. Used when a run fails or is aborted, and when a person
 * rolls back a run whose runner died.
 */
export async function rollBackSteps(input: {
  steps: RunbookStep[];
  executors: StepExecutors;
  records: StepRecord[];
  completed: Array<{ i: number; undo: unknown }>;
  setState: SetState;
  context: (rec: StepRecord, signal: AbortSignal) => StepContext;
}): Promise<{ rollbackFailed: boolean }> {
  const { steps, records, setState } = input;
  let rollbackFailed = false;
  for (const { i, undo } of [...input.completed].reverse()) {
    const step = steps[i];
    const executor = input.executors[step.type] as StepExecutor<RunbookStep>;
    if (!executor.rollback) continue;
    const original = records.find((r) => !r.isRollback && r.stepIndex === i);
    const name = original?.name ?? getStepName(step);
    const rb: StepRecord = { index: Math.max(-1, ...records.map((r) => r.index)) + 1, stepIndex: i, type: step.type, name: `Roll back: ${name}`, isRollback: true, state: "pending", log: "", startedAt: null, finishedAt: null };
    records.push(rb);
    if (step.rollback === "none") {
      await setState(rb, "skipped", "skipped: the runbook says this step is not rolled back (rollback: none)");
      continue;
    }
    await setState(rb, "running", `undoing step ${i + 1} (${name})`);
    try {
      const rollback = executor.rollback.bind(executor);
      await bounded((signal) => rollback(step, input.context(rb, signal), undo), null, ROLLBACK_TIMEOUT_MS);
      await setState(rb, "succeeded", "rolled back");
      if (original) await setState(original, "rolled-back", `rolled back by step ${rb.index + 1}`);
    } catch (err) {
      rollbackFailed = true;
      await setState(rb, "failed", `rollback failed: ${message(err)} — fix by hand`);
    }
  }
  return { rollbackFailed };
}

export async function executeRunbook(input: ExecuteRunbookInput): Promise<RunbookResult> {
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? sleepFor;
  const service = input.service ?? input.runbook.service;
  const runSignal = input.signal ?? null;
  const steps = input.runbook.steps;
  const records: StepRecord[] = steps.map((s, i) => ({
    index: i,
    stepIndex: i,
    type: s.type,
    name: getStepName(s),
    isRollback: false,
    state: "pending",
    log: "",
    startedAt: null,
    finishedAt: null,
  }));
  const reportErrors: string[] = [];
  // Reports are chained so the caller sees them in order even when log() is called synchronously.
  let reporting: Promise<void> = Promise.resolve();
  const report = (rec: StepRecord) => {
    const copy = { ...rec };
    reporting = reporting.then(async () => {
      try {
        await input.onStep?.(copy);
      } catch (err) {
        reportErrors.push(`${copy.name}: ${message(err)}`);
      }
    });
    return reporting;
  };
  const appendLog = (rec: StepRecord, line: string) => {
    rec.log += `${rec.log ? "\n" : ""}${stamp(now())} ${line}`;
    void report(rec);
  };
  const setState = async (rec: StepRecord, state: StepRecord["state"], line?: string) => {
    rec.state = state;
    if (state === "running") rec.startedAt = new Date(now());
    else if (state !== "pending") rec.finishedAt ??= new Date(now());
    if (line) rec.log += `${rec.log ? "\n" : ""}${stamp(now())} ${line}`;
    await report(rec);
  };
  const context = (rec: StepRecord, signal: AbortSignal): StepContext => ({
    runId: input.runId ?? null,
    service,
    from: input.from,
    to: input.to,
    mode: input.mode ?? "failover",
    drillTarget: input.drillTarget ?? null,
    path: input.path,
    override: input.override ?? null,
    signal,
    log: (line) => appendLog(rec, line),
    now,
    sleep,
  });

  const startedAt = new Date(now());
  let promotedAt: Date | null = null;
  let verifiedAt: Date | null = null;
  let dataLossSeconds: number | null = null;
  let promoteAction: PromoteAction | null = null;
  let failedStep: RunbookResult["failedStep"] = null;
  let outcome: RunOutcome = "succeeded";
  const completed: Array<{ i: number; undo: unknown }> = [];
  const moved = new Map<string, Date>();

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const rec = records[i];
    if (runSignal?.aborted) {
      outcome = "aborted";
      break;
    }
    const skip = input.path === "data-loss" ? getDataLossSkipReason(step, input.from) : null;
    if (skip) {
      await setState(rec, "skipped", `skipped: ${skip}`);
      continue;
    }
    await setState(rec, "running", `started (${input.path} path, ${input.from} → ${input.to})`);
    const ctx = context(rec, runSignal ?? new AbortController().signal);
    if (step.type === "promote") {
      promoteAction = getPromoteAction(step, input.path);
      const lag = input.measureLagSeconds ? await input.measureLagSeconds().catch(() => null) : null;
      dataLossSeconds = promoteAction === "aurora-switchover" ? 0 : lag;
      appendLog(
        rec,
        promoteAction === "aurora-switchover"
          ? `action ${promoteAction}: waits for the secondary to catch up, no data loss (lag now ${lag ?? "unknown"} s)`
          : `action ${promoteAction}: data-loss estimate ${lag === null ? "unknown" : `${lag} s`} (lag at promotion)`,
      );
    }
    let result: StepResult;
    try {
      // The union of executors cannot be called with the union of steps without this narrowing.
      const executor = input.executors[step.type] as StepExecutor<RunbookStep>;
      result = await bounded((signal) => executor.run(step, { ...ctx, signal }), runSignal, step.timeout ?? null);
    } catch (err) {
      const aborted = err instanceof RunAbortedError || runSignal?.aborted === true;
      outcome = aborted ? "aborted" : "failed";
      failedStep = { index: i, name: rec.name, error: message(err) };
      await setState(rec, "failed", aborted ? "aborted by request" : `failed: ${message(err)}`);
      break;
    }
    if (result.outcome === "skipped") {
      await setState(rec, "skipped", `skipped: ${result.reason}`);
      continue;
    }
    completed.push({ i, undo: result.undo });
    rec.undo = result.undo ?? null;
    if (MOVERS.has(step.type)) {
      const at = new Date(result.movedAt ?? now());
      // A service moved by two steps took its new region at the first.
      for (const service of getStepServices(step, input.runbook)) if (!moved.has(service)) moved.set(service, at);
    }
    if (step.type === "promote") promotedAt = new Date(now());
    if (step.type === "verify") verifiedAt = new Date(now());
    await setState(rec, "succeeded", "succeeded");
  }

  let rollbackFailed = false;
  if (outcome !== "succeeded" && input.rollbackAllowed?.() !== false) {
    for (const rec of records) if (rec.state === "pending") await setState(rec, "skipped", `not run: ${outcome === "aborted" ? "the run was aborted" : "an earlier step failed"}`);
    rollbackFailed = (await rollBackSteps({ steps, executors: input.executors, records, completed, setState, context })).rollbackFailed;
  }

  const finishedAt = new Date(now());
  if (outcome === "succeeded") verifiedAt ??= finishedAt;
  await reporting;
  return {
    outcome,
    rolledBack: outcome !== "succeeded" && !rollbackFailed,
    rollbackFailed,
    failedStep,
    steps: records.map((r) => ({ ...r })),
    startedAt,
    promotedAt,
    verifiedAt: outcome === "succeeded" ? verifiedAt : null,
    finishedAt,
    rtoSeconds: outcome === "succeeded" && verifiedAt ? Math.round((verifiedAt.getTime() - input.requestedAt.getTime()) / 1000) : null,
    dataLossSeconds: promotedAt ? dataLossSeconds : null,
    promoteAction,
    moved: outcome === "succeeded" ? [...moved].map(([service, at]) => ({ service, at })) : [],
    reportErrors,
  };
}
