import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { getLockHolder } from "@/lib/changes/running-applies";
import { collectAllNow } from "@/lib/collector/scheduler";
import { getConfig, isDemoMode } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { createDemoLagMeasure, createDemoStepExecutors } from "@/lib/demo/failover";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { log } from "@/lib/observability/log";
import type { RunbookConfig, RunbookStep } from "./config-schema";
import { executeRunbook, type RunbookResult } from "./execute-runbook";
import { createLiveStepExecutors } from "./live-executors";
import { createLiveProbes } from "./live-probes";
import { createLiveProviders } from "./live-providers";
import { notifyFailover } from "./notify-failover";
import { getRunbook, predictPath } from "./preflight";
import { ensureFailoversRecovered } from "./recover-interrupted-failovers";
import { evaluateRun, getReadinessNow, voidApprovalsIfReadinessDropped } from "./run-policy";
import { failoverUrl, readPreflight, toJson, type ExecutionRecord } from "./run-record";
import { runningFailovers } from "./running-failovers";
import type { ExecuteFailoverBody } from "./schemas";
import type { FailoverPath, StepExecutor, StepExecutors, StepRecord } from "./types";

export type ExecuteHooks = {
  /** Step executors to use instead of the demo fleet's (tests inject failing ones). */
  executors?: StepExecutors;
  path?: FailoverPath;
  measureLagSeconds?: () => Promise<number | null>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Refreshes the snapshots after the fleet moved (default with demo executors: collect the demo sources now). */
  collect?: () => Promise<unknown>;
  /** Poll interval of the live executors while waiting for Aurora writers and Route 53 INSYNC (tests). */
  livePollMs?: number;
};

const MOVERS: ReadonlySet<RunbookStep["type"]> = new Set(["promote", "scale", "shift-traffic"]);
const OPEN_STATES = ["requested", "approved"];

/** Collections triggered while one runs are folded into one more run after it. */
function coalesce(fn: () => Promise<unknown>): { trigger: () => void; settle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const start = (): Promise<void> => {
    running = fn()
      .then(() => undefined, (error: unknown) => log.warn("post-failover collection failed", { error: error instanceof Error ? error.message : String(error) }))
      .then(() => {
        if (again) {
          again = false;
          return start();
        }
        running = null;
      });
    return running;
  };
  return {
    trigger: () => {
      if (running) again = true;
      else void start();
    },
    settle: async () => {
      while (running) await running;
    },
  };
}

/** Steps that move the fleet trigger a collection when they finish (or are undone), so pages follow promptly. */
function withCollection(executors: StepExecutors, trigger: () => void): StepExecutors {
  const wrap = <S,>(e: StepExecutor<S>, type: RunbookStep["type"]): StepExecutor<S> =>
    MOVERS.has(type)
      ? {
          run: async (step, ctx) => {
            const r = await e.run(step, ctx);
            trigger();
            return r;
          },
          rollback: e.rollback
            ? async (step, ctx, undo) => {
                await e.rollback?.(step, ctx, undo);
                trigger();
              }
            : undefined,
        }
      : e;
  return {
    precheck: wrap(executors.precheck, "precheck"),
    "freeze-writes": wrap(executors["freeze-writes"], "freeze-writes"),
    "wait-for-lag": wrap(executors["wait-for-lag"], "wait-for-lag"),
    promote: wrap(executors.promote, "promote"),
    scale: wrap(executors.scale, "scale"),
    "shift-traffic": wrap(executors["shift-traffic"], "shift-traffic"),
    verify: wrap(executors.verify, "verify"),
  };
}

const STEP_AUDIT: Partial<Record<StepRecord["state"], string>> = { running: "started", succeeded: "succeeded", failed: "failed", skipped: "skipped", "rolled-back": "rolled-back" };

/**
 * Starts an approved failover (or, for an incident commander with a written reason, an unapproved
 * one: break-glass, flagged for review). The move to `running` is one conditional update, so of two
 * concurrent calls exactly one starts a run; the steps then run in the background of this process,
 * outside any transaction, each step persisted and audited as it changes.
 */
export async function executeFailover(actor: Actor, id: string, body: ExecuteFailoverBody, requestId?: string, hooks: ExecuteHooks = {}) {
  await ensureFailoversRecovered();
  let run = await db().failoverRun.findUnique({ where: { id }, include: { approvals: true } });
  if (!run) throw new NotFoundError("No failover with that id.");
  const who = { id: actor.id, name: actor.username };
  if (body.breakGlass && !can(actor.role, "failovers.break-glass")) {
    await recordAuditEvent({ actor: who, action: "failover.break-glass-denied", target: { type: "failover-run", id }, outcome: "denied", reason: `role ${actor.role} may not break glass`, requestId });
    throw new ForbiddenError("Break-glass is for incident commanders.");
  }
  const refuse = async (message: string, extra: AuditDetails = {}) => {
    await recordAuditEvent({ actor: who, action: "failover.execute-refused", target: { type: "failover-run", id }, outcome: "failure", reason: message, details: extra, requestId });
    return new ConflictError(message, extra);
  };
  if (!OPEN_STATES.includes(run.state)) throw await refuse(`The failover is ${run.state}; it runs at most once.`, { state: run.state });
  if (!hooks.executors && !isDemoMode()) {
    // Live: the runbook's providers are built from config and secrets now, so missing ones refuse the run before it starts.
    const runbook = getRunbook(run.service);
    const providers = createLiveProviders(getConfig(), { runbook, to: run.toRegion });
    if ("missing" in providers) throw await refuse(`Live failover executors are not configured for the ${run.service} runbook: set ${providers.missing.join("; ")}.`, { missing: providers.missing });
    const probes = createLiveProbes(runbook, run.fromRegion, run.toRegion);
    hooks = {
      ...hooks,
      executors: createLiveStepExecutors(runbook, { providers, ...probes, pollMs: hooks.livePollMs }),
      measureLagSeconds: hooks.measureLagSeconds ?? probes.measureLagSeconds,
      // Pages read snapshots: collect the live sources after the fleet moved.
      collect: hooks.collect ?? (() => collectAllNow()),
    };
  }

  const readinessNow = await getReadinessNow(run.service, run.toRegion);
  run = await voidApprovalsIfReadinessDropped(run, readinessNow, requestId);
  const policy = evaluateRun(run, readinessNow, body.breakGlass ? { actorId: actor.id, role: actor.role, reason: body.reason ?? "" } : null);
  if (!policy.canExecute) throw await refuse(`Execution blocked: ${policy.blockers.map((b) => b.message).join("; ")}.`, { blockers: policy.blockers });

  const runbook = getRunbook(run.service);
  const preflight = readPreflight(run.preflight);
  const path = hooks.path ?? (await predictPath(run.fromRegion));
  const execution: ExecutionRecord = { holder: getLockHolder(), path };
  const breakGlass = policy.satisfiedBy === "break-glass";
  const startedAt = new Date();
  await db().$transaction(async (tx) => {
    const moved = await tx.failoverRun.updateMany({
      where: { id, state: { in: OPEN_STATES } },
      data: { state: "running", startedAt, breakGlass, breakGlassReason: breakGlass ? (body.reason ?? null) : null, reviewRequired: policy.reviewRequired, preflight: toJson({ ...preflight, execution }) },
    });
    // Throwing rolls the transaction back: the loser of a race changes nothing.
    if (moved.count === 0) throw new ConflictError("This failover is already running or has finished; it runs at most once.");
    await appendAuditEvent(tx, {
      actor: who,
      action: breakGlass ? "failover.break-glass" : "failover.started",
      target: { type: "failover-run", id },
      reason: breakGlass ? (body.reason ?? null) : null,
      details: { service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, path, satisfiedBy: policy.satisfiedBy, reviewRequired: policy.reviewRequired, approvals: policy.counted.map((a) => a.approverName ?? a.approverId), precheckOverride: preflight.override },
      requestId,
    });
  }).catch(async (error: unknown) => {
    if (error instanceof ConflictError) throw await refuse(error.message);
    throw error;
  });

  const controller = new AbortController();
  const started = { id, number: run.number, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, createdAt: run.createdAt };
  const finished = runInBackground(actor, started, runbook, path, preflight.override, execution, controller, hooks).finally(() => runningFailovers().delete(id));
  runningFailovers().set(id, { controller, finished });
  finished.catch((error: unknown) => log.error("failover bookkeeping failed", { run: id, error: error instanceof Error ? error.message : String(error) }));
  notifyFailover({ event: "started", runNumber: run.number, runId: id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: actor.username, breakGlass, detail: breakGlass ? body.reason : undefined, url: failoverUrl(id) });
  return { id, number: run.number, state: "running" as const, breakGlass, reviewRequired: policy.reviewRequired, path, finished };
}

type StartedRun = { id: string; number: number; service: string; from: string; to: string; mode: string; createdAt: Date };

/** Persists one step record: an update per log line, and an audit row with the update when its state changes. */
function createStepRecorder(runId: string, actor: { id: string; name: string }) {
  const ids = new Map<number, string>();
  const audited = new Map<number, string>();
  return async (rec: StepRecord) => {
    const data = { index: rec.index, type: rec.type, name: rec.name, isRollback: rec.isRollback, state: rec.state, log: rec.log, startedAt: rec.startedAt, finishedAt: rec.finishedAt };
    const verb = STEP_AUDIT[rec.state];
    const audit = verb !== undefined && audited.get(rec.index) !== rec.state;
    const write = async (tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0]) => {
      const existing = ids.get(rec.index);
      if (existing) await tx.failoverStep.update({ where: { id: existing }, data });
      else ids.set(rec.index, (await tx.failoverStep.create({ data: { ...data, runId } })).id);
    };
    if (!audit) return write(db());
    await db().$transaction(async (tx) => {
      await write(tx);
      await appendAuditEvent(tx, {
        actor,
        action: `failover.${rec.isRollback ? "rollback" : "step"}-${verb}`,
        target: { type: "failover-run", id: runId },
        outcome: rec.state === "failed" ? "failure" : "success",
        details: { index: rec.index, step: rec.name, type: rec.type, state: rec.state, lastLine: rec.log.split("\n").at(-1) ?? "" },
      });
    });
    audited.set(rec.index, rec.state);
  };
}

async function runInBackground(
  actor: Actor,
  run: StartedRun,
  runbook: RunbookConfig,
  path: FailoverPath,
  override: { by: string; reason: string } | null,
  execution: ExecutionRecord,
  controller: AbortController,
  hooks: ExecuteHooks,
): Promise<RunbookResult | null> {
  const who = { id: actor.id, name: actor.username };
  const collect = hooks.collect ?? (hooks.executors ? null : () => collectAllNow((job) => job.source.kind === "demo"));
  const collector = collect ? coalesce(collect) : null;
  const base = hooks.executors ?? createDemoStepExecutors(runbook, { actor: who, runId: run.id });
  const executors = collector ? withCollection(base, collector.trigger) : base;
  let result: RunbookResult | null = null;
  let crash: string | null = null;
  try {
    result = await executeRunbook({
      runbook,
      runId: run.id,
      service: run.service,
      from: run.from,
      to: run.to,
      mode: run.mode === "drill" ? "drill" : "failover",
      path,
      requestedAt: run.createdAt,
      override,
      executors,
      measureLagSeconds: hooks.measureLagSeconds ?? (hooks.executors ? undefined : createDemoLagMeasure(runbook)),
      onStep: createStepRecorder(run.id, who),
      signal: controller.signal,
      sleep: hooks.sleep,
    });
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
  }
  // Pages read snapshots: let the last collection land before the run is reported done.
  await collector?.settle();
  const outcome = result?.outcome ?? "failed";
  const record: ExecutionRecord = {
    ...execution,
    outcome,
    failedStep: result?.failedStep ?? (crash ? { index: -1, name: "engine", error: crash } : null),
    rolledBack: result?.rolledBack ?? false,
    rollbackFailed: result?.rollbackFailed ?? false,
    promoteAction: result?.promoteAction ?? null,
    abortedBy: controller.signal.aborted ? String(controller.signal.reason ?? "") || null : null,
  };
  const current = await db().failoverRun.findUniqueOrThrow({ where: { id: run.id }, select: { preflight: true } });
  await db().$transaction(async (tx) => {
    await tx.failoverRun.updateMany({
      where: { id: run.id, state: "running" },
      data: {
        state: outcome,
        finishedAt: result?.finishedAt ?? new Date(),
        promotedAt: result?.promotedAt ?? null,
        verifiedAt: result?.verifiedAt ?? null,
        rtoSeconds: result?.rtoSeconds ?? null,
        dataLossSeconds: result?.dataLossSeconds ?? null,
        preflight: toJson({ ...readPreflight(current.preflight), execution: record }),
      },
    });
    await appendAuditEvent(tx, {
      actor: who,
      action: `failover.${outcome}`,
      target: { type: "failover-run", id: run.id },
      outcome: outcome === "succeeded" ? "success" : "failure",
      details: { service: run.service, from: run.from, to: run.to, mode: run.mode, path, rtoSeconds: result?.rtoSeconds ?? null, dataLossSeconds: result?.dataLossSeconds ?? null, failedStep: record.failedStep, rolledBack: record.rolledBack, rollbackFailed: record.rollbackFailed, reportErrors: result?.reportErrors ?? [] },
    });
  });
  const detail =
    outcome === "succeeded"
      ? `RTO ${result?.rtoSeconds ?? "?"} s, data loss ${result?.dataLossSeconds ?? "unknown"} s (${path} path)`
      : `${record.failedStep ? `step "${record.failedStep.name}": ${record.failedStep.error}. ` : ""}${record.rollbackFailed ? "A rollback FAILED: fix by hand." : record.rolledBack ? "Completed steps were rolled back." : ""}`;
  notifyFailover({ event: outcome, runNumber: run.number, runId: run.id, service: run.service, from: run.from, to: run.to, mode: run.mode, actor: actor.username, detail, url: failoverUrl(run.id) });
  return result;
}
