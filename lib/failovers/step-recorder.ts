import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db, type Tx } from "@/lib/db/client";
import { appendLogChunk } from "@/lib/jobs/log-chunks";
import type { StepRecord } from "./types";

const STEP_AUDIT: Partial<Record<StepRecord["state"], string>> = { running: "started", succeeded: "succeeded", failed: "failed", skipped: "skipped", "rolled-back": "rolled-back" };

export type KnownStep = { index: number; id: string; logLength: number; state: string };

/**
 * Persists step records as the engine reports them: the row's state (and the undo data a rollback
 * needs later), new log text appended as a numbered chunk, and an audit row in the same transaction
 * when the state changes. `known` carries rows written by an earlier runner of the same run.
 */
export function createStepRecorder(runId: string, actor: { id: string | null; name: string }, known: KnownStep[] = []) {
  const ids = new Map(known.map((k) => [k.index, k.id]));
  const written = new Map(known.map((k) => [k.index, k.logLength]));
  const audited = new Map(known.map((k) => [k.index, k.state]));
  return async (rec: StepRecord) => {
    const data = {
      index: rec.index,
      type: rec.type,
      name: rec.name,
      isRollback: rec.isRollback,
      state: rec.state,
      startedAt: rec.startedAt,
      finishedAt: rec.finishedAt,
      ...(rec.undo !== undefined ? { undo: (rec.undo ?? null) as Prisma.InputJsonValue } : {}),
    };
    const delta = rec.log.slice(written.get(rec.index) ?? 0);
    const verb = STEP_AUDIT[rec.state];
    const audit = verb !== undefined && audited.get(rec.index) !== rec.state;
    const write = async (tx: Tx) => {
      let id = ids.get(rec.index);
      if (id) await tx.failoverStep.update({ where: { id }, data });
      else {
        id = (await tx.failoverStep.create({ data: { ...data, runId } })).id;
        ids.set(rec.index, id);
      }
      await appendLogChunk(tx, "step", id, delta);
      written.set(rec.index, rec.log.length);
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

/** The run's step rows with their whole logs (chunks joined in order). */
export async function loadStepRecords(runId: string): Promise<Array<StepRecord & { id: string }>> {
  const steps = await db().failoverStep.findMany({ where: { runId }, orderBy: { index: "asc" }, include: { logChunks: { orderBy: { seq: "asc" }, select: { text: true } } } });
  return steps.map((s) => ({
    id: s.id,
    index: s.index,
    stepIndex: s.isRollback ? -1 : s.index,
    type: s.type as StepRecord["type"],
    name: s.name,
    isRollback: s.isRollback,
    state: s.state as StepRecord["state"],
    log: s.logChunks.map((c) => c.text).join(""),
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    undo: s.undo,
  }));
}
