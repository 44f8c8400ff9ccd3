import type { StepOf, StepType } from "@/lib/runbooks/config-schema";

export const STEP_STATES = ["pending", "running", "succeeded", "failed", "rolled-back", "skipped"] as const;
export type StepState = (typeof STEP_STATES)[number];

export type FailoverMode = "failover" | "drill";

/**
 * `planned`: the source region answers, so writes are frozen, lag drains and the promotion loses
 * nothing. `data-loss`: the source is gone; lag cannot drain, the promotion accepts the last lag.
 */
export type FailoverPath = "planned" | "data-loss";

/** What a promote step really does once the path is known. */
export type PromoteAction = "aurora-switchover" | "aurora-failover" | "rds-promote" | "command";

/** One row of a run's step list; rollbacks are rows of their own (isRollback) after the steps. */
export type StepRecord = {
  /** Position in the run: runbook steps 0..n-1, then rollbacks n, n+1, … in the order they ran. */
  index: number;
  /** The runbook step this row runs or undoes. */
  stepIndex: number;
  type: StepType;
  name: string;
  isRollback: boolean;
  state: StepState;
  /** Lines "HH:MM:SS.mmmZ message", newline-separated. */
  log: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** What the executor handed back to undo a succeeded step (persisted: a crashed run can still be rolled back). */
  undo?: unknown;
};

/** A written override of the precheck, given at request time by someone allowed to. */
export type PrecheckOverride = { by: string; reason: string };

/** What every step executor is handed. */
export type StepContext = {
  runId: string | null;
  service: string;
  from: string;
  to: string;
  mode: FailoverMode;
  /** A drill against the runbook's declared drill target (its name): production must not move. */
  drillTarget?: string | null;
  path: FailoverPath;
  override: PrecheckOverride | null;
  /** Aborts on run abort or step timeout; executors pass it to their I/O. */
  signal: AbortSignal;
  log(line: string): void;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

export type StepResult =
  | {
      outcome: "succeeded";
      /** Handed back to rollback(); must be JSON-serialisable. */
      undo?: unknown;
      /** When the step's change took effect (epoch ms), if the executor knows better than "when it returned". */
      movedAt?: number;
    }
  | { outcome: "skipped"; reason: string };

export type StepExecutor<S> = {
  run(step: S, ctx: StepContext): Promise<StepResult>;
  /** Undoes a completed step. Absent: the step changes nothing (precheck, wait-for-lag, verify). */
  rollback?(step: S, ctx: StepContext, undo: unknown): Promise<void>;
};

/** One executor per step type: the demo fleet's, or live ones built on lib/sources. */
export type StepExecutors = { [K in StepType]: StepExecutor<StepOf<K>> };

export type RunOutcome = "succeeded" | "failed" | "aborted";
