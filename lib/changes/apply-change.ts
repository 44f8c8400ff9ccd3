import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { log } from "@/lib/observability/log";
import { notifyChange } from "@/lib/notifications/webhook";
import type { ApplyOutcome } from "@/lib/sources/terraform";
import type { Prisma } from "@/generated/prisma/client";
import { getChangePolicy, getSummaryHead } from "./change-policy";
import type { PlanSummary } from "./plan-summary";
import { changeUrl } from "./record-change";
import { ensureRecovered } from "./recover-interrupted-applies";
import { getLockHolder, runningApplies } from "./running-applies";
import type { ApplyChangeBody } from "./schemas";
import { getStatesBefore, type ChangeState } from "./state-machine";
import { assertWorkspaceScope, getPlanDir, getTerraformClient, getWorkspace, initWorkDir, isInitialised, withWorkspaceQueue } from "./workspaces";

export type ApplyHooks = {
  /** Called with the pid of every terraform process the apply starts (tests count and kill them). */
  onSpawn?: (pid: number) => void;
  /** How often buffered output is appended to the change's log. */
  flushMs?: number;
};

export type ApplyEnd = { state: ChangeState; outcome: ApplyOutcome | "error"; exitCode: number | null; lockHeld: boolean };

const END_STATE: Record<ApplyOutcome | "error", ChangeState> = { applied: "applied", stale: "stale", failed: "failed", killed: "failed", error: "failed" };

/**
 * Applies exactly the approved plan, once. Two guards, both in one transaction: a conditional move
 * approved → applying on the same plan hash and revision, and a per-workspace lock row inserted with
 * ON CONFLICT DO NOTHING (so a second instance on the same PostgreSQL loses too). terraform then runs
 * outside any transaction; `finished` settles when it ends.
 */
export async function applyChange(actor: Actor, id: string, body: ApplyChangeBody, requestId?: string, hooks: ApplyHooks = {}) {
  await ensureRecovered();
  const change = await db().changeRequest.findUnique({ where: { id }, omit: { planFile: true, planJson: true, log: true, summary: true }, include: { approvals: true } });
  if (!change) throw new NotFoundError("No change request with that id.");
  const summary = await getSummaryHead(id);
  assertWorkspaceScope(actor, change.workspace);
  const ws = getWorkspace(change.workspace);
  const refuse = async (message: string, extra: AuditDetails) => {
    await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "change.apply-refused", target: { type: "change", id }, outcome: "failure", reason: message, details: extra, requestId });
    return new ConflictError(message, extra);
  };
  if (body.planSha256 !== change.planSha256) {
    throw await refuse(`The plan changed since you looked at it: the change holds plan ${change.planSha256.slice(0, 12)}.`, { planSha256: change.planSha256 });
  }
  const { result, override } = await getChangePolicy({ ...change, summary: summary as unknown as Prisma.JsonValue }, change.approvals);
  if (!result.canApply) {
    throw await refuse(`Apply blocked: ${result.blockers.map((b) => b.message).join(" ")}`, { blockers: result.blockers });
  }

  const holder = getLockHolder();
  const started = await db().$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({
      where: { id, state: { in: getStatesBefore("applying") }, planSha256: change.planSha256, planRevision: change.planRevision },
      data: { state: "applying", applyStartedAt: new Date(), log: "", exitCode: null },
    });
    if (moved.count === 0) return { ok: false as const, reason: "This change is already applying or has moved on; it is applied at most once." };
    const locked = await tx.workspaceLock.createMany({ data: [{ workspace: change.workspace, changeId: id, holder }], skipDuplicates: true });
    if (locked.count === 0) {
      // Returning (not throwing) would commit the state move; throwing rolls it back.
      const other = await tx.workspaceLock.findUnique({ where: { workspace: change.workspace } });
      throw new ConflictError(`Workspace ${change.workspace} is locked by change ${other?.changeId ?? "?"}; one apply per workspace at a time.`, { lockedBy: other?.changeId ?? null });
    }
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: "change.apply-started",
      target: { type: "change", id },
      reason: result.sloGateOverridden && override ? `SLO gate overridden by ${override.by}: ${override.reason}` : null,
      details: {
        workspace: change.workspace,
        planSha256: change.planSha256,
        planRevision: change.planRevision,
        approvals: result.counted.map((a) => a.approverName ?? a.approverId),
        sloGateOverridden: result.sloGateOverridden,
        holder,
      },
      requestId,
    });
    return { ok: true as const };
  });
  if (!started.ok) throw await refuse(started.reason, { state: change.state });

  runningApplies().add(id);
  const finished = runApply(actor, { ...change, summary }, ws.name, hooks, requestId).finally(() => runningApplies().delete(id));
  // The HTTP caller does not wait; failures are recorded on the change itself.
  finished.catch((error: unknown) => log.error("apply bookkeeping failed", { change: id, error: error instanceof Error ? error.message : String(error) }));
  return { id, number: change.number, state: "applying" as const, finished };
}

type StartedChange = { id: string; number: number; title: string; workspace: string; planSha256: string; planRevision: number; summary: Omit<PlanSummary, "resources"> };

async function runApply(actor: Actor, change: StartedChange, workspace: string, hooks: ApplyHooks, requestId?: string): Promise<ApplyEnd> {
  const ws = getWorkspace(workspace);
  const id = change.id;
  let pending = "";
  let writing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (!pending) return writing;
    const chunk = pending;
    pending = "";
    // Appended in SQL so a reader polling the log never sees a rewrite, only growth.
    writing = writing.then(() => db().$executeRaw`UPDATE "ChangeRequest" SET "log" = "log" || ${chunk}, "updatedAt" = now() WHERE "id" = ${id}`).catch((error: unknown) =>
      log.warn("apply log append failed", { change: id, error: error instanceof Error ? error.message : String(error) }),
    );
    return writing;
  };
  const timer = setInterval(flush, hooks.flushMs ?? 400);
  const file = path.join(getPlanDir(ws), `change-${id}-r${change.planRevision}.tfplan`);
  let outcome: ApplyOutcome | "error" = "error";
  let exitCode: number | null = null;
  try {
    const row = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { planFile: true } });
    const result = await withWorkspaceQueue(ws.name, async () => {
      await mkdir(getPlanDir(ws), { recursive: true });
      await writeFile(file, row.planFile);
      const tf = getTerraformClient(ws);
      if (!(await isInitialised(ws))) {
        pending += "$ terraform init -input=false -no-color\n";
        await initWorkDir(ws, tf, { onLine: (line) => (pending += `${line}\n`), onSpawn: hooks.onSpawn });
      }
      pending += `$ terraform apply -input=false -no-color ${path.relative(tf.dir, file)}\n`;
      return tf.apply(file, { onLine: (line) => (pending += `${line}\n`), onSpawn: hooks.onSpawn });
    });
    outcome = result.outcome;
    exitCode = result.exitCode;
    pending +=
      outcome === "killed"
        ? `\n[meridian] terraform was stopped (${result.signal ?? (result.timedOut ? "timeout" : "killed")}) mid-apply. The workspace stays locked until an operator checks the state and releases it.\n`
        : `\n[meridian] terraform exited with status ${exitCode}.\n`;
  } catch (error) {
    pending += `\n[meridian] ${error instanceof Error ? error.message : String(error)}\n`;
  } finally {
    clearInterval(timer);
    await flush();
    await rm(file, { force: true }).catch(() => undefined);
  }

  const state = END_STATE[outcome];
  // Only a process that died mid-apply may have left state half-written: keep the lock for a person.
  const lockHeld = outcome === "killed";
  await db().$transaction(async (tx) => {
    await tx.changeRequest.updateMany({ where: { id, state: "applying" }, data: { state, exitCode, finishedAt: new Date() } });
    if (!lockHeld) await tx.workspaceLock.deleteMany({ where: { workspace: ws.name, changeId: id } });
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: state === "applied" ? "change.applied" : state === "stale" ? "change.apply-stale" : "change.apply-failed",
      target: { type: "change", id },
      outcome: state === "applied" ? "success" : "failure",
      details: { workspace: ws.name, planSha256: change.planSha256, outcome, exitCode, lockHeld },
      requestId,
    });
  });
  const summary = change.summary;
  notifyChange({
    event: state === "applied" ? "applied" : "failed",
    changeNumber: change.number,
    changeId: id,
    workspace: ws.name,
    title: change.title,
    actor: actor.username,
    planLine: summary.planLine,
    detail: state === "stale" ? "The saved plan is stale: the state changed after planning. Plan again." : lockHeld ? "terraform was stopped mid-apply; the workspace stays locked." : undefined,
    url: changeUrl(id),
  });
  return { state, outcome, exitCode, lockHeld };
}
