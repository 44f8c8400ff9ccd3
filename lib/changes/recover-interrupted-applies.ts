import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { isProcessAlive } from "@/lib/server/process-liveness";
import { log } from "@/lib/observability/log";
import { getInstanceName, getLockHolder, isApplyRunningHere } from "./running-applies";

/**
 * A change left `applying` by an earlier process of this instance is marked `failed`, with a line in
 * its log; its workspace lock is kept until an operator releases it. Applies of other instances
 * (another holder name) and live processes on this host are left alone. Nothing is ever re-run.
 */
export async function recoverInterruptedApplies(): Promise<string[]> {
  const me = getLockHolder();
  const instance = getInstanceName();
  const applying = await db().changeRequest.findMany({ where: { state: "applying" }, select: { id: true, workspace: true } });
  const recovered: string[] = [];
  for (const change of applying) {
    if (isApplyRunningHere(change.id)) continue;
    const lock = await db().workspaceLock.findUnique({ where: { workspace: change.workspace } });
    if (lock && lock.changeId === change.id) {
      const [name, pid] = lock.holder.split("/");
      if (lock.holder === me || name !== instance) continue;
      if (Number(pid) !== process.pid && isProcessAlive(Number(pid))) continue;
    }
    const note = "\n[meridian] The console stopped while this apply ran. Marked failed; the workspace stays locked until an operator checks the state and releases it.\n";
    await db().$transaction(async (tx) => {
      const moved = await tx.changeRequest.updateMany({ where: { id: change.id, state: "applying" }, data: { state: "failed", finishedAt: new Date() } });
      if (moved.count === 0) return;
      await tx.$executeRaw`UPDATE "ChangeRequest" SET "log" = "log" || ${note} WHERE "id" = ${change.id}`;
      await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "change.apply-interrupted", target: { type: "change", id: change.id }, outcome: "failure", details: { workspace: change.workspace, lockHolder: lock?.holder ?? null, lockHeld: lock !== null } });
      recovered.push(change.id);
    });
  }
  if (recovered.length) log.warn("interrupted applies marked failed", { changes: recovered });
  return recovered;
}

const holder = globalThis as unknown as { meridianApplyRecovery?: Promise<unknown> };

/** Runs the recovery once per process, on the first use of the changes domain. */
export function ensureRecovered(): Promise<unknown> {
  holder.meridianApplyRecovery ??= recoverInterruptedApplies().catch((error: unknown) => {
    holder.meridianApplyRecovery = undefined;
    log.error("apply recovery failed", { error: error instanceof Error ? error.message : String(error) });
  });
  return holder.meridianApplyRecovery;
}
