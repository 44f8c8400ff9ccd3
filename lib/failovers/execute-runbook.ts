import { getStepName, getStepServices, type RunbookConfig, type RunbookStep, type StepOf } from "@/lib/runbooks/config-schema";
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

/** The run's bookkeeping, filled in step by step; the result is assembled from it at the end. */
export type RunProgress = {
  outcome: RunOutcome;
  failedStep: RunbookResult["failedStep"];
  promotedAt: Date | null;
  verifiedAt: Date | null;
  dataLossSeconds: number | null;
  promoteAction: PromoteAction | null;
  /** Steps that ran to completion, with what their executor needs to undo them. */
  completed: Array<{ i: number; undo: unknown }>;
  /** Service → when it took its new region (first mover wins). */
  moved: Map<string, Date>;
};

/** What a scope needs of a run: who, where, how, and where its records are reported. */
export type RunScopeInput = Pick<ExecuteRunbookInput, "runbook" | "runId" | "service" | "from" | "to" | "mode" | "drillTarget" | "path" | "override" | "onStep" | "signal" | "now" | "sleep">;

/** What every step of one run shares: the input, the clock, the records and how they are reported. */
export type RunScope<I extends RunScopeInput = ExecuteRunbookInput> = {
  input: I;
  now: () => number;
  runSignal: AbortSignal | null;
  records: StepRecord[];
  reportErrors: string[];
  appendLog: (rec: StepRecord, line: string) => void;
  setState: SetState;
  context: (rec: StepRecord, signal: AbortSignal) => StepContext;
  /** Resolves once every report queued so far has reached onStep. */
  flush: () => Promise<void>;
};

// One pending record per runbook step, so the caller can show the whole plan before anything runs.
function initialRecords(steps: RunbookStep[]): StepRecord[] {
  return steps.map((s, i) => ({
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
}

// The records and their reporting: every state change and log line reaches onStep as a copy, in
// order, and a throwing onStep is noted (reportErrors) rather than allowed to stop the run. A run
// starts from one pending record per step; a rollback of a dead runner's run from the stored ones.
export function createRunScope<I extends RunScopeInput>(input: I, records: StepRecord[] = initialRecords(input.runbook.steps)): RunScope<I> {
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? sleepFor;
  const service = input.service ?? input.runbook.service;
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
  return { input, now, runSignal: input.signal ?? null, records, reportErrors, appendLog, setState, context, flush: () => reporting };
}

// The data-loss estimate is the replication lag right before promotion, so it is measured here,
// before the promote executor runs, and logged on the promote step where an operator will look.
async function notePromotion(scope: RunScope, step: StepOf<"promote">, rec: StepRecord, progress: RunProgress): Promise<void> {
  const { input } = scope;
  const promoteAction = getPromoteAction(step, input.path);
  progress.promoteAction = promoteAction;
  const lag = input.measureLagSeconds ? await input.measureLagSeconds().catch(() => null) : null;
  progress.dataLossSeconds = promoteAction === "aurora-switchover" ? 0 : lag;
  scope.appendLog(
    rec,
    promoteAction === "aurora-switchover"
      ? `action ${promoteAction}: waits for the secondary to catch up, no data loss (lag now ${lag ?? "unknown"} s)`
      : `action ${promoteAction}: data-loss estimate ${lag === null ? "unknown" : `${lag} s`} (lag at promotion)`,
  );
}

// A completed step is remembered for rollback, and its moves and milestones (promoted, verified)
// are noted: the result's RTO, data loss and topology changes come from here.
async function noteSuccess(scope: RunScope, i: number, result: Extract<StepResult, { outcome: "succeeded" }>, progress: RunProgress): Promise<void> {
  const step = scope.input.runbook.steps[i];
  const rec = scope.records[i];
  progress.completed.push({ i, undo: result.undo });
  rec.undo = result.undo ?? null;
  if (MOVERS.has(step.type)) {
    const at = new Date(result.movedAt ?? scope.now());
    // A service moved by two steps took its new region at the first.
    for (const service of getStepServices(step, scope.input.runbook)) if (!progress.moved.has(service)) progress.moved.set(service, at);
  }
  if (step.type === "promote") progress.promotedAt = new Date(scope.now());
  if (step.type === "verify") progress.verifiedAt = new Date(scope.now());
  await scope.setState(rec, "succeeded", "succeeded");
}

// One step from pending to its final state: skipped on the data-loss path when it cannot apply,
// otherwise run under its own timeout (and the run's abort). Returns "stop" when the run must end
// here (the step failed or was aborted), "next" otherwise.
async function runStep(scope: RunScope, i: number, progress: RunProgress): Promise<"next" | "stop"> {
  const { input, runSignal } = scope;
  const step = input.runbook.steps[i];
  const rec = scope.records[i];
  const skip = input.path === "data-loss" ? getDataLossSkipReason(step, input.from) : null;
  if (skip) {
    await scope.setState(rec, "skipped", `skipped: ${skip}`);
    return "next";
  }
  await scope.setState(rec, "running", `started (${input.path} path, ${input.from} → ${input.to})`);
  const ctx = scope.context(rec, runSignal ?? new AbortController().signal);
  if (step.type === "promote") await notePromotion(scope, step, rec, progress);
  let result: StepResult;
  try {
    // The union of executors cannot be called with the union of steps without this narrowing.
    const executor = input.executors[step.type] as StepExecutor<RunbookStep>;
    result = await bounded((signal) => executor.run(step, { ...ctx, signal }), runSignal, step.timeout ?? null);
  } catch (err) {
    const aborted = err instanceof RunAbortedError || runSignal?.aborted === true;
    progress.outcome = aborted ? "aborted" : "failed";
    progress.failedStep = { index: i, name: rec.name, error: message(err) };
    await scope.setState(rec, "failed", aborted ? "aborted by request" : `failed: ${message(err)}`);
    return "stop";
  }
  if (result.outcome === "skipped") {
    await scope.setState(rec, "skipped", `skipped: ${result.reason}`);
    return "next";
  }
  await noteSuccess(scope, i, result, progress);
  return "next";
}

// A failed or aborted run leaves nothing half done: the steps that never ran are marked as such and
// the completed ones are undone — unless this runner lost the run, when a person decides instead.
async function unwindFailedRun(scope: RunScope, progress: RunProgress): Promise<{ rollbackFailed: boolean }> {
  const { input, records, setState, context } = scope;
  if (progress.outcome === "succeeded" || input.rollbackAllowed?.() === false) return { rollbackFailed: false };
  const why = progress.outcome === "aborted" ? "the run was aborted" : "an earlier step failed";
  for (const rec of records) if (rec.state === "pending") await setState(rec, "skipped", `not run: ${why}`);
  return rollBackSteps({ steps: input.runbook.steps, executors: input.executors, records, completed: progress.completed, setState, context });
}

/**
 * The result the caller persists, from the run's bookkeeping. Milestones only count for a run that
 * succeeded (a verified time, an RTO, the services moved); data loss only once something was promoted.
 */
export function assembleRunbookResult(input: {
  progress: RunProgress;
  rollbackFailed: boolean;
  records: StepRecord[];
  reportErrors: string[];
  requestedAt: Date;
  startedAt: Date;
  finishedAt: Date;
}): RunbookResult {
  const { progress, rollbackFailed, finishedAt } = input;
  const { outcome, promotedAt } = progress;
  const succeeded = outcome === "succeeded";
  // A run with no verify step counts as verified when it finished.
  const verifiedAt = succeeded ? (progress.verifiedAt ?? finishedAt) : null;
  return {
    outcome,
    rolledBack: !succeeded && !rollbackFailed,
    rollbackFailed,
    failedStep: progress.failedStep,
    steps: input.records.map((r) => ({ ...r })),
    startedAt: input.startedAt,
    promotedAt,
    verifiedAt,
    finishedAt,
    rtoSeconds: succeeded && verifiedAt ? Math.round((verifiedAt.getTime() - input.requestedAt.getTime()) / 1000) : null,
    dataLossSeconds: promotedAt ? progress.dataLossSeconds : null,
    promoteAction: progress.promoteAction,
    moved: succeeded ? [...progress.moved].map(([service, at]) => ({ service, at })) : [],
    reportErrors: input.reportErrors,
  };
}

export async function executeRunbook(input: ExecuteRunbookInput): Promise<RunbookResult> {
  const scope = createRunScope(input);
  const startedAt = new Date(scope.now());
  const progress: RunProgress = {
    outcome: "succeeded",
    failedStep: null,
    promotedAt: null,
    verifiedAt: null,
    dataLossSeconds: null,
    promoteAction: null,
    completed: [],
    moved: new Map(),
  };
  for (let i = 0; i < input.runbook.steps.length; i++) {
    // An abort between steps ends the run before the next one starts.
    if (scope.runSignal?.aborted) {
      progress.outcome = "aborted";
      break;
    }
    if ((await runStep(scope, i, progress)) === "stop") break;
  }
  const { rollbackFailed } = await unwindFailedRun(scope, progress);
  const finishedAt = new Date(scope.now());
  await scope.flush();
  return assembleRunbookResult({ progress, rollbackFailed, records: scope.records, reportErrors: scope.reportErrors, requestedAt: input.requestedAt, startedAt, finishedAt });
}
