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
  if (!(await claimChange(id, runnerId))) return null;
  const change = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { number: true, title: true, workspace: true, planSha256: true, planRevision: true } });
  const hooks = hooksHolder.meridianApplyHooks ?? {};
  // The heartbeat tells the watchdog this runner is alive; it stops only when terraform is done.
  const heartbeat = startHeartbeat(`apply ${id}`, async () => {
    const beat = await db().$executeRaw`UPDATE "ChangeRequest" SET "heartbeatAt" = now() WHERE "id" = ${id} AND "state" = 'applying' AND "runnerId" = ${runnerId}`;
    if (beat === 0) log.error("apply lost its claim while terraform runs (marked failed elsewhere?)", { change: id, runner: runnerId });
  });
  const output = createLogBuffer(id, hooks.flushMs ?? 400);
  const ws = getWorkspace(change.workspace);
  const file = path.join(getPlanDir(ws), `change-${id}-r${change.planRevision}.tfplan`);
  let run: Pick<ApplyEnd, "outcome" | "exitCode">;
  try {
    output.append(`[meridian] apply started by ${job.actor.name} on ${runnerId}\n`);
    run = await applyPlanFile({ id, ws, file, planSha256: change.planSha256, hooks, output });
  } finally {
    heartbeat.stop();
    await output.close();
    await rm(file, { force: true }).catch(() => undefined);
  }
  const { outcome, exitCode } = run;
  const state = END_STATE[outcome];
  // Only a terraform that died mid-apply may have left state half-written: keep the lock for a person.
  const lockHeld = outcome === "killed";
  const ended = await recordApplyEnd({ job, runnerId, workspace: ws.name, planSha256: change.planSha256, state, outcome, exitCode, lockHeld });
  notifyDataChanged(`apply ${id} ${state}`);
  if (!ended) {
    log.error("apply finished but the change was no longer this runner's; no outcome recorded", { change: id, runner: runnerId, outcome });
    return null;
  }
  await announceApplyEnd({ id, change, actor: job.actor.name, workspace: ws.name, state, outcome, lockHeld });
  return { state, outcome, exitCode, lockHeld };
}

// Jobs may be delivered twice: only the runner whose update takes the unclaimed "applying" change
// runs terraform; any other finds it claimed (or finished) and does nothing.
async function claimChange(id: string, runnerId: string): Promise<boolean> {
  const claimed = await db().changeRequest.updateMany({ where: { id, state: "applying", runnerId: null }, data: { runnerId, heartbeatAt: new Date() } });
  if (claimed.count === 1) return true;
  log.warn("apply job found the change claimed or finished; nothing run", { change: id, runner: runnerId });
  return false;
}

type LogBuffer = { append: (text: string) => void; close: () => Promise<unknown> };

// terraform prints line by line; the output is stored in numbered chunks every flushMs (and at the
// end) so a live view can follow it without one database write per line. A failed append is logged,
// never allowed to stop the apply.
function createLogBuffer(id: string, flushMs: number): LogBuffer {
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
  const flusher = setInterval(flush, flushMs);
  return {
    append: (text) => {
      pending += text;
    },
    close: () => {
      clearInterval(flusher);
      return flush();
    },
  };
}

// Runs terraform on the approved plan, one apply per workspace at a time, and says in the log how it
// ended. Errors become the outcome "error" (with the message logged) so the change is always ended.
async function applyPlanFile(input: {
  id: string;
  ws: ReturnType<typeof getWorkspace>;
  file: string;
  planSha256: string;
  hooks: ApplyHooks;
  output: LogBuffer;
}): Promise<Pick<ApplyEnd, "outcome" | "exitCode">> {
  const { id, ws, file, planSha256, hooks, output } = input;
  const onLine = (line: string) => output.append(`${line}\n`);
  try {
    const row = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { planFile: true } });
    const result = await withWorkspaceQueue(ws.name, async () => {
      await mkdir(getPlanDir(ws), { recursive: true });
      await writeFile(file, row.planFile);
      // The bytes terraform is about to read, hashed again: nothing but the approved plan is applied.
      const onDisk = createHash("sha256").update(await readFile(file)).digest("hex");
      if (onDisk !== planSha256) return { outcome: "tampered" as const, exitCode: null, onDisk };
      const tf = getTerraformClient(ws);
      if (!(await isInitialised(ws))) {
        output.append("$ terraform init -input=false -no-color\n");
        await initWorkDir(ws, tf, { onLine, onSpawn: hooks.onSpawn });
      }
      output.append(`$ terraform apply -input=false -no-color ${path.relative(tf.dir, file)}\n`);
      return tf.apply(file, { onLine, onSpawn: hooks.onSpawn });
    });
    if ("onDisk" in result) output.append(`\n[meridian] the plan file hashes to ${result.onDisk.slice(0, 12)}, not the approved ${planSha256.slice(0, 12)}: terraform was not run.\n`);
    else if (result.outcome === "killed")
      output.append(`\n[meridian] terraform was stopped (${result.signal ?? (result.timedOut ? "timeout" : "killed")}) mid-apply. The workspace stays locked until an operator checks the state and releases it.\n`);
    else output.append(`\n[meridian] terraform exited with status ${result.exitCode}.\n`);
    return { outcome: result.outcome, exitCode: result.exitCode };
  } catch (error) {
    output.append(`\n[meridian] ${error instanceof Error ? error.message : String(error)}\n`);
    return { outcome: "error", exitCode: null };
  }
}

// The end counts only if this runner still owns the change: state, lock release and audit row in
// one transaction. False when someone else ended it (a watchdog after a long stall).
async function recordApplyEnd(input: {
  job: ApplyJob;
  runnerId: string;
  workspace: string;
  planSha256: string;
  state: ChangeState;
  outcome: ApplyEnd["outcome"];
  exitCode: number | null;
  lockHeld: boolean;
}): Promise<boolean> {
  const { job, runnerId, workspace, planSha256, state, outcome, exitCode, lockHeld } = input;
  const id = job.changeId;
  return db().$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({ where: { id, state: "applying", runnerId }, data: { state, exitCode, finishedAt: new Date(), heartbeatAt: null } });
    // No row changed: someone else ended this apply. Say nothing of success.
    if (moved.count !== 1) return false;
    if (!lockHeld) await tx.workspaceLock.deleteMany({ where: { workspace, changeId: id } });
    await appendAuditEvent(tx, {
      actor: job.actor,
      action: state === "applied" ? "change.applied" : state === "stale" ? "change.apply-stale" : "change.apply-failed",
      target: { type: "change", id },
      outcome: state === "applied" ? "success" : "failure",
      details: { workspace, planSha256, outcome, exitCode, lockHeld, runner: runnerId },
      requestId: job.requestId ?? undefined,
    });
    return true;
  });
}

// The webhook tells the change's followers how it ended, with the one sentence they must act on.
async function announceApplyEnd(input: {
  id: string;
  change: { number: number; title: string };
  actor: string;
  workspace: string;
  state: ChangeState;
  outcome: ApplyEnd["outcome"];
  lockHeld: boolean;
}): Promise<void> {
  const { id, change, state, outcome, lockHeld } = input;
  const summary = await getSummaryHead(id);
  notifyChange({
    event: state === "applied" ? "applied" : "failed",
    changeNumber: change.number,
    changeId: id,
    workspace: input.workspace,
    title: change.title,
    actor: input.actor,
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
}
