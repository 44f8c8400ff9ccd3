import "server-only";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { appendLogChunk } from "@/lib/jobs/log-chunks";
import { log } from "@/lib/observability/log";
import type { ApplyOutcome } from "@/lib/sources/terraform";
import { getSummaryHead } from "./change-policy";
import { notifyChange } from "@/lib/notifications/webhook";
import { changeUrl } from "./record-change";
import type { ChangeState } from "./state-machine";
import { getPlanDir, getTerraformClient, getWorkspace, initWorkDir, isInitialised, withWorkspaceQueue } from "./workspaces";
import { notifyDataChanged } from "@/lib/events/data-changed";

export type ApplyJob = { changeId: string; actor: { id: string; name: string }; requestId: string | null };
export type ApplyEnd = { state: ChangeState; outcome: ApplyOutcome | "error" | "tampered"; exitCode: number | null; lockHeld: boolean };

/** Test seam: observe the terraform processes an apply starts in this process (count or kill them). */
export type ApplyHooks = { onSpawn?: (pid: number) => void; flushMs?: number };
const hooksHolder = globalThis as unknown as { meridianApplyHooks?: ApplyHooks };
export function setApplyHooksForTests(hooks: ApplyHooks | undefined): void {
  hooksHolder.meridianApplyHooks = hooks;
}

const END_STATE: Record<ApplyEnd["outcome"], ChangeState> = { applied: "applied", stale: "stale", failed: "failed", killed: "failed", error: "failed", tampered: "failed" };

/**
 * The apply job, on whichever replica picked it up: claims the change (so a duplicate job does
 * nothing), heartbeats while terraform runs, checks the plan bytes against the approved hash once
 * more right before `terraform apply`, appends output as numbered chunks, and ends the change in a
 * transaction that only counts if this runner still owns it.
 */
export async function runApplyJob(job: ApplyJob, runnerId: string): Promise<ApplyEnd | null> {
  const id = job.changeId;
  const claimed = await db().changeRequest.updateMany({ where: { id, state: "applying", runnerId: null }, data: { runnerId, heartbeatAt: new Date() } });
  if (claimed.count !== 1) {
    log.warn("apply job found the change claimed or finished; nothing run", { change: id, runner: runnerId });
    return null;
  }
  const change = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { number: true, title: true, workspace: true, planSha256: true, planRevision: true } });
  const hooks = hooksHolder.meridianApplyHooks ?? {};
  const heartbeat = startHeartbeat(`apply ${id}`, async () => {
    const beat = await db().$executeRaw`UPDATE "ChangeRequest" SET "heartbeatAt" = now() WHERE "id" = ${id} AND "state" = 'applying' AND "runnerId" = ${runnerId}`;
    if (beat === 0) log.error("apply lost its claim while terraform runs (marked failed elsewhere?)", { change: id, runner: runnerId });
  });

  let pending = "";
  let writing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (!pending) return writing;
    const chunk = pending;
    pending = "";
    writing = writing
      .then(() => appendLogChunk(db(), "change", id, chunk))
      .catch((error: unknown) => log.warn("apply log append failed", { change: id, error: error instanceof Error ? error.message : String(error) }));
    return writing;
  };
  const flusher = setInterval(flush, hooks.flushMs ?? 400);
  const ws = getWorkspace(change.workspace);
  const file = path.join(getPlanDir(ws), `change-${id}-r${change.planRevision}.tfplan`);
  let outcome: ApplyEnd["outcome"] = "error";
  let exitCode: number | null = null;
  try {
    pending += `[meridian] apply started by ${job.actor.name} on ${runnerId}\n`;
    const row = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { planFile: true } });
    const result = await withWorkspaceQueue(ws.name, async () => {
      await mkdir(getPlanDir(ws), { recursive: true });
      await writeFile(file, row.planFile);
      // The bytes terraform is about to read, hashed again: nothing but the approved plan is applied.
      const onDisk = createHash("sha256").update(await readFile(file)).digest("hex");
      if (onDisk !== change.planSha256) return { outcome: "tampered" as const, exitCode: null, onDisk };
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
    if ("onDisk" in result) pending += `\n[meridian] the plan file hashes to ${result.onDisk.slice(0, 12)}, not the approved ${change.planSha256.slice(0, 12)}: terraform was not run.\n`;
    else if (result.outcome === "killed")
      pending += `\n[meridian] terraform was stopped (${result.signal ?? (result.timedOut ? "timeout" : "killed")}) mid-apply. The workspace stays locked until an operator checks the state and releases it.\n`;
    else pending += `\n[meridian] terraform exited with status ${exitCode}.\n`;
  } catch (error) {
    pending += `\n[meridian] ${error instanceof Error ? error.message : String(error)}\n`;
  } finally {
    clearInterval(flusher);
    heartbeat.stop();
    await flush();
    await rm(file, { force: true }).catch(() => undefined);
  }

  const state = END_STATE[outcome];
  // Only a terraform that died mid-apply may have left state half-written: keep the lock for a person.
  const lockHeld = outcome === "killed";
  const ended = await db().$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({ where: { id, state: "applying", runnerId }, data: { state, exitCode, finishedAt: new Date(), heartbeatAt: null } });
    // No row changed: someone else ended this apply (a watchdog after a long stall). Say nothing of success.
    if (moved.count !== 1) return false;
    if (!lockHeld) await tx.workspaceLock.deleteMany({ where: { workspace: ws.name, changeId: id } });
    await appendAuditEvent(tx, {
      actor: job.actor,
      action: state === "applied" ? "change.applied" : state === "stale" ? "change.apply-stale" : "change.apply-failed",
      target: { type: "change", id },
      outcome: state === "applied" ? "success" : "failure",
      details: { workspace: ws.name, planSha256: change.planSha256, outcome, exitCode, lockHeld, runner: runnerId },
      requestId: job.requestId ?? undefined,
    });
    return true;
  });
  notifyDataChanged(`apply ${id} ${state}`);
  if (!ended) {
    log.error("apply finished but the change was no longer this runner's; no outcome recorded", { change: id, runner: runnerId, outcome });
    return null;
  }
  const summary = await getSummaryHead(id);
  notifyChange({
    event: state === "applied" ? "applied" : "failed",
    changeNumber: change.number,
    changeId: id,
    workspace: ws.name,
    title: change.title,
    actor: job.actor.name,
    planLine: summary.planLine,
    detail:
      state === "stale"
        ? "The saved plan is stale: the state changed after planning. Plan again."
        : outcome === "tampered"
          ? "The stored plan no longer matched the approved hash; nothing was applied."
          : lockHeld
            ? "terraform was stopped mid-apply; the workspace stays locked."
            : undefined,
    url: changeUrl(id),
  });
  return { state, outcome, exitCode, lockHeld };
}
