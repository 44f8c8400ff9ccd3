import { appendAuditEvent } from "@/lib/audit/append-event";
import { getInstanceName, getLockHolder } from "@/lib/changes/running-applies";
import { db } from "@/lib/db/client";
import { isProcessAlive } from "@/lib/server/process-liveness";
import { log } from "@/lib/observability/log";
import { readPreflight, toJson } from "./run-record";
import { runningFailovers } from "./running-failovers";

/**
 * A run left `running` by a dead process of this instance is marked `failed` (its unfinished steps
 * too), audited, and never re-run: half a failover needs a person to look. Runs of other instances
 * and of live processes on this host are left alone.
 */
export async function recoverInterruptedFailovers(): Promise<string[]> {
  const me = getLockHolder();
  const instance = getInstanceName();
  const rows = await db().failoverRun.findMany({ where: { state: "running" }, select: { id: true, preflight: true } });
  const recovered: string[] = [];
  for (const row of rows) {
    if (runningFailovers().has(row.id)) continue;
    const preflight = readPreflight(row.preflight);
    const holder = preflight.execution?.holder ?? "";
    const [name, pid] = holder.split("/");
    if (holder && holder !== me) {
      if (name !== instance) continue;
      if (Number(pid) !== process.pid && isProcessAlive(Number(pid))) continue;
    }
    const now = new Date();
    await db().$transaction(async (tx) => {
      const moved = await tx.failoverRun.updateMany({
        where: { id: row.id, state: "running" },
        data: { state: "failed", finishedAt: now, preflight: toJson({ ...preflight, execution: { ...(preflight.execution ?? { holder, path: preflight.path }), outcome: "failed", interrupted: true } }) },
      });
      if (moved.count === 0) return;
      const open = await tx.failoverStep.findMany({ where: { runId: row.id, state: { in: ["running", "pending"] } } });
      for (const s of open)
        await tx.failoverStep.update({ where: { id: s.id }, data: { state: "failed", finishedAt: now, log: `${s.log}${s.log ? "\n" : ""}${now.toISOString().slice(11, 23)}Z the console stopped while this step ran; marked failed, not re-run` } });
      await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "failover.interrupted", target: { type: "failover-run", id: row.id }, outcome: "failure", details: { holder, steps: open.map((s) => s.name) } });
      recovered.push(row.id);
    });
  }
  if (recovered.length) log.warn("interrupted failovers marked failed", { runs: recovered });
  return recovered;
}

const holder = globalThis as unknown as { meridianFailoverRecovery?: Promise<unknown> };

/** Runs the recovery once per process, on the first use of the failovers domain. */
export function ensureFailoversRecovered(): Promise<unknown> {
  holder.meridianFailoverRecovery ??= recoverInterruptedFailovers().catch((error: unknown) => {
    holder.meridianFailoverRecovery = undefined;
    log.error("failover recovery failed", { error: error instanceof Error ? error.message : String(error) });
  });
  return holder.meridianFailoverRecovery;
}
