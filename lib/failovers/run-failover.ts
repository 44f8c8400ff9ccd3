import "server-only";
import type { FailoverRun } from "@/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { log } from "@/lib/observability/log";
import { ensureConfiguredTopology, applyRoleChanges, type AppliedChange } from "@/lib/topology/store";
import { getRunbookServices, type RunbookConfig, type RunbookStep } from "@/lib/runbooks/config-schema";
import { resolveRunbookFor } from "./drill-target";
import { createRunScope, executeRunbook, MOVERS, rollBackSteps, type RunbookResult } from "./execute-runbook";
import { prepareFailbackLeg, startFailbackLeg } from "./start-failback";
import { notifyFailover } from "./notify-failover";
import { getRunbook } from "./preflight";
import { failoverProviders } from "./providers";
import { takeRunHooks, type ExecuteHooks } from "./run-hooks";
import { failoverUrl, readPreflight, toJson, type ExecutionRecord } from "./run-record";
import { createStepRecorder, loadStepRecords } from "./step-recorder";
import type { StepExecutor, StepExecutors, StepRecord } from "./types";
import { notifyDataChanged } from "@/lib/events/data-changed";

export type FailoverJob = { runId: string; actor: { id: string; name: string }; requestId: string | null };

/** Failover runners beat faster than applies: an abort asked on another replica is seen within this. */
const FAILOVER_HEARTBEAT_MS = 2_000;

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

/** The executors this replica runs a run with: test hooks, else the registry's (live from config, or the demo fleet's). */
async function buildExecution(run: FailoverRun, runbook: RunbookConfig, actor: { id: string; name: string }, hooks: ExecuteHooks) {
  let executors = hooks.executors;
  let measureLagSeconds = hooks.measureLagSeconds;
  let collect = hooks.collect ?? null;
  if (!executors) {
    const provided = (await failoverProviders()).execution(runbook, run, actor, { livePollMs: hooks.livePollMs });
    executors = provided.executors;
    measureLagSeconds ??= provided.measureLagSeconds;
    // Pages read snapshots: collect the sources after the fleet moved.
    collect ??= provided.collect;
  }
  const collector = collect ? coalesce(collect) : null;
  return { executors: collector ? withCollection(executors, collector.trigger) : executors, measureLagSeconds, collector, sleep: hooks.sleep };
}

/** Step records stop being written once the claim is lost: the watchdog's record of the run stands. */
function guardedRecorder(record: (rec: StepRecord) => Promise<void>, claim: { lost: boolean }) {
  return (rec: StepRecord) => (claim.lost ? Promise.resolve() : record(rec));
}

/**
 * Claims a run for this runner and heartbeats until stopped; an abort asked anywhere reaches
 * `controller`. A runner that finds its claim gone (another replica declared it dead) stops at once
 * and records nothing more: the run is a person's to decide on now.
 */
async function claimRun(runId: string, runnerId: string, state: string, controller: AbortController, claim: { lost: boolean }) {
  const claimed = await db().failoverRun.updateMany({ where: { id: runId, state, runnerId: null }, data: { runnerId, heartbeatAt: new Date() } });
  if (claimed.count !== 1) return null;
  return startHeartbeat(
    `failover ${runId}`,
    async () => {
      const rows = await db().$queryRaw<Array<{ abortRequestedBy: string | null }>>`
        UPDATE "FailoverRun" SET "heartbeatAt" = now() WHERE "id" = ${runId} AND "runnerId" = ${runnerId} RETURNING "abortRequestedBy"`;
      if (rows.length === 0) {
        log.error("failover runner lost its claim (marked interrupted elsewhere); stopping without rollback", { run: runId, runner: runnerId });
        claim.lost = true;
        if (!controller.signal.aborted) controller.abort("lost-claim");
        return;
      }
      const by = rows[0]?.abortRequestedBy;
      if (by && !controller.signal.aborted) controller.abort(by);
    },
    FAILOVER_HEARTBEAT_MS,
  );
}

/** The runbook a run executes (see resolveRunbookFor). */
function runbookFor(run: FailoverRun): { runbook: RunbookConfig; drillTarget: string | null } {
  return resolveRunbookFor(getRunbook(run.service), run.drillKind);
}

/**
 * The topology change a succeeded run made, in its final transaction: every service the runbook
 * moves now holds its roles with the target active, from the instant its step moved it. A drill
 * against a drill target changed nothing in production and records nothing.
 */
async function recordRunTopology(tx: Parameters<typeof applyRoleChanges>[0], run: FailoverRun, result: RunbookResult, runbook: RunbookConfig, actor: { id: string; name: string }): Promise<AppliedChange[]> {
  if (run.drillKind === "target") return [];
  const movedAt = new Map(result.moved.map((m) => [m.service, m.at]));
  const fallback = result.verifiedAt ?? result.finishedAt;
  return applyRoleChanges(
    tx,
    getRunbookServices(runbook).map((service) => ({ service, activeRegion: run.toRegion, at: movedAt.get(service) ?? fallback })),
    { cause: "failover-run", failoverRunId: run.id, actor, reason: `${run.mode} #${run.number} ${run.fromRegion} → ${run.toRegion}` },
  );
}

/**
 * The execute-failover job, on whichever replica picked it up: claims the run, runs the runbook with
 * every step persisted and audited as it changes, heartbeats (which also carries aborts asked on any
 * replica), and ends the run in a transaction that only counts while this runner still owns it.
 */
export async function runFailoverJob(job: FailoverJob, runnerId: string): Promise<RunbookResult | null> {
  const controller = new AbortController();
  const claim = { lost: false };
  const heartbeat = await claimRun(job.runId, runnerId, "running", controller, claim);
  if (!heartbeat) {
    log.warn("failover job found the run claimed or finished; nothing run", { run: job.runId, runner: runnerId });
    return null;
  }
  const run = await db().failoverRun.findUniqueOrThrow({ where: { id: job.runId } });
  const preflight = readPreflight(run.preflight);
  const execution = preflight.execution ?? { holder: runnerId, path: preflight.path };
  let result: RunbookResult | null = null;
  let crash: string | null = null;
  let collector: Awaited<ReturnType<typeof buildExecution>>["collector"] = null;
  let runbook: RunbookConfig | null = null;
  try {
    const chosen = runbookFor(run);
    runbook = chosen.runbook;
    const built = await buildExecution(run, runbook, job.actor, takeRunHooks(run.id));
    collector = built.collector;
    result = await executeRunbook({
      runbook,
      runId: run.id,
      service: run.service,
      from: run.fromRegion,
      to: run.toRegion,
      mode: run.mode === "drill" ? "drill" : "failover",
      drillTarget: chosen.drillTarget,
      path: execution.path,
      requestedAt: run.createdAt,
      override: preflight.override,
      executors: built.executors,
      measureLagSeconds: built.measureLagSeconds,
      onStep: guardedRecorder(createStepRecorder(run.id, job.actor), claim),
      signal: controller.signal,
      rollbackAllowed: () => !claim.lost,
      sleep: built.sleep,
    });
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
  }
  // Pages read snapshots: let the last collection land before the run is reported done.
  await collector?.settle();
  heartbeat.stop();
  const outcome = result?.outcome ?? "failed";
  const record: ExecutionRecord = {
    ...execution,
    runner: runnerId,
    outcome,
    failedStep: result?.failedStep ?? (crash ? { index: -1, name: "engine", error: crash } : null),
    rolledBack: result?.rolledBack ?? false,
    rollbackFailed: result?.rollbackFailed ?? false,
    promoteAction: result?.promoteAction ?? null,
    abortedBy: controller.signal.aborted ? String(controller.signal.reason ?? "") || null : null,
  };
  // What the final transaction needs from outside it: the configuration's roles recorded, and for a
  // round-trip drill the fail-back leg's preflight.
  const succeeded = outcome === "succeeded" && runbook !== null && result !== null;
  // Neither may keep the run from ending: a failure here is logged and the final transaction still runs.
  if (succeeded) await ensureConfiguredTopology().catch((error: unknown) => log.error("configured topology not synced before recording a failover", { run: run.id, error: String(error) }));
  let failbackError: string | null = null;
  const failback = succeeded && isRoundTripForward(run)
    ? await prepareFailbackLeg(run).catch((error: unknown) => {
        // Production stays moved: said loudly in the run's audit row and the log, never silently.
        failbackError = error instanceof Error ? error.message : String(error);
        log.error("round-trip drill: the fail-back leg could not be prepared", { run: run.id, error: failbackError });
        return null;
      })
    : null;
  let topology: AppliedChange[] = [];
  let failbackRun: { id: string; number: number; state: string } | null = null;
  const ended = await db().$transaction(async (tx) => {
    const current = await tx.failoverRun.findUniqueOrThrow({ where: { id: run.id }, select: { preflight: true } });
    const moved = await tx.failoverRun.updateMany({
      where: { id: run.id, state: "running", runnerId },
      data: {
        state: outcome,
        finishedAt: result?.finishedAt ?? new Date(),
        heartbeatAt: null,
        promotedAt: result?.promotedAt ?? null,
        verifiedAt: result?.verifiedAt ?? null,
        rtoSeconds: result?.rtoSeconds ?? null,
        dataLossSeconds: result?.dataLossSeconds ?? null,
        preflight: toJson({ ...readPreflight(current.preflight), execution: record }),
      },
    });
    // Someone else ended the run (a watchdog after a long stall): record no outcome of ours.
    if (moved.count !== 1) return false;
    // Where the services are now is part of the run's final state: recorded with it or not at all.
    if (succeeded && runbook && result) topology = await recordRunTopology(tx, run, result, runbook, job.actor);
    if (failback) failbackRun = await startFailbackLeg(tx, run, failback, job);
    await appendAuditEvent(tx, {
      actor: job.actor,
      action: `failover.${outcome}`,
      target: { type: "failover-run", id: run.id },
      outcome: outcome === "succeeded" ? "success" : "failure",
      details: {
        service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, drillKind: run.drillKind, path: execution.path, rtoSeconds: result?.rtoSeconds ?? null, dataLossSeconds: result?.dataLossSeconds ?? null, failedStep: record.failedStep, rolledBack: record.rolledBack, rollbackFailed: record.rollbackFailed, abortedBy: record.abortedBy, runner: runnerId, reportErrors: result?.reportErrors ?? [],
        topology: topology.map((t) => ({ service: t.service, from: t.from, to: t.to, at: t.at })),
        failbackRun: failbackRun?.id ?? null,
        failbackError,
      },
      requestId: job.requestId ?? undefined,
    });
    return true;
  });
  notifyDataChanged(`failover ${run.id} ${outcome}`);
  if (!ended) {
    log.error("failover finished but the run was no longer this runner's; no outcome recorded", { run: run.id, runner: runnerId, outcome });
    return result;
  }
  const detail =
    outcome === "succeeded"
      ? `RTO ${result?.rtoSeconds ?? "?"} s, data loss ${result?.dataLossSeconds ?? "unknown"} s (${execution.path} path)`
      : `${record.failedStep ? `step "${record.failedStep.name}": ${record.failedStep.error}. ` : ""}${record.rollbackFailed ? "A rollback FAILED: fix by hand." : record.rolledBack ? "Completed steps were rolled back." : ""}`;
  notifyFailover({ event: outcome, runNumber: run.number, runId: run.id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: job.actor.name, detail, url: failoverUrl(run.id) });
  const leg = failbackRun as { id: string; number: number; state: string } | null;
  if (leg) notifyFailover({ event: leg.state === "running" ? "started" : "approval-requested", runNumber: leg.number, runId: leg.id, service: run.service, from: run.toRegion, to: run.fromRegion, mode: run.mode, actor: job.actor.name, detail: `fail-back of drill #${run.number}`, url: failoverUrl(leg.id) });
  return result;
}

/** The first leg of a round-trip drill (its fail-back leg is started when it succeeds). */
function isRoundTripForward(run: FailoverRun): boolean {
  return run.mode === "drill" && run.drillKind === "round-trip" && run.parentRunId === null;
}

/**
 * The rollback a person chose for a run whose runner died: undoes the steps that had succeeded, in
 * reverse, with the undo data each stored, and ends the run rolled-back (or rollback-failed).
 */
export async function runFailoverRollbackJob(job: FailoverJob, runnerId: string): Promise<{ rollbackFailed: boolean } | null> {
  const controller = new AbortController();
  const claim = { lost: false };
  const heartbeat = await claimRun(job.runId, runnerId, "rolling-back", controller, claim);
  if (!heartbeat) return null;
  const run = await db().failoverRun.findUniqueOrThrow({ where: { id: job.runId } });
  let rollbackFailed = true;
  let crash: string | null = null;
  let collector: Awaited<ReturnType<typeof buildExecution>>["collector"] = null;
  try {
    const { runbook, drillTarget } = runbookFor(run);
    const built = await buildExecution(run, runbook, job.actor, takeRunHooks(run.id));
    collector = built.collector;
    const loaded = await loadStepRecords(run.id);
    const records: StepRecord[] = loaded.map((s) => ({ ...s, stepIndex: s.isRollback ? -1 : s.index }));
    const completed = loaded.filter((s) => !s.isRollback && s.state === "succeeded").map((s) => ({ i: s.index, undo: s.undo ?? undefined }));
    const onStep = guardedRecorder(createStepRecorder(run.id, job.actor, loaded.map((s) => ({ index: s.index, id: s.id, logLength: s.log.length, state: s.state }))), claim);
    const preflight = readPreflight(run.preflight);
    // The same records, clock and step context a run reports through (execute-runbook's scope).
    const scope = createRunScope(
      {
        runbook,
        runId: run.id,
        service: run.service,
        from: run.fromRegion,
        to: run.toRegion,
        mode: run.mode === "drill" ? "drill" : "failover",
        drillTarget,
        path: preflight.execution?.path ?? preflight.path,
        override: preflight.override,
        onStep,
        sleep: built.sleep,
      },
      records,
    );
    const result = await rollBackSteps({ steps: runbook.steps, executors: built.executors, records, completed, setState: scope.setState, context: scope.context });
    await scope.flush();
    rollbackFailed = result.rollbackFailed;
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
  }
  await collector?.settle();
  heartbeat.stop();
  const state = rollbackFailed ? "rollback-failed" : "rolled-back";
  await db().$transaction(async (tx) => {
    const moved = await tx.failoverRun.updateMany({ where: { id: run.id, state: "rolling-back", runnerId }, data: { state, finishedAt: new Date(), heartbeatAt: null } });
    if (moved.count !== 1) return;
    await appendAuditEvent(tx, {
      actor: job.actor,
      action: `failover.${state}`,
      target: { type: "failover-run", id: run.id },
      outcome: rollbackFailed ? "failure" : "success",
      reason: crash,
      details: { service: run.service, from: run.fromRegion, to: run.toRegion, runner: runnerId },
      requestId: job.requestId ?? undefined,
    });
  });
  notifyDataChanged(`failover ${run.id} ${state}`);
  notifyFailover({ event: rollbackFailed ? "failed" : "aborted", runNumber: run.number, runId: run.id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: job.actor.name, detail: rollbackFailed ? `Rollback after the interruption FAILED${crash ? `: ${crash}` : ""}: fix by hand.` : "Rolled back after the interruption.", url: failoverUrl(run.id) });
  return { rollbackFailed };
}
