import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { STALE_AFTER_MS } from "@/lib/jobs/heartbeat";
import { appendLogChunk } from "@/lib/jobs/log-chunks";
import { log } from "@/lib/observability/log";
import { notifyFailover } from "./notify-failover";
import { failoverUrl, readPreflight, toJson } from "./run-record";

/**
 * Run by every replica's watchdog: a run whose runner stopped heartbeating is marked `interrupted`
 * (never resumed by itself): its unfinished steps fail with a note, the audit log says so, and the run
 * page offers its rollback to a person. A rollback whose runner died goes back to `interrupted` too.
 */
export async function interruptStalledFailovers(staleAfterMs = STALE_AFTER_MS): Promise<string[]> {
  const stalled = await db().$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "FailoverRun" WHERE "state" IN ('running', 'rolling-back')
      AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000}))`;
  const interrupted: string[] = [];
  for (const { id } of stalled) {
    const run = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "FailoverRun" WHERE "id" = ${id} AND "state" IN ('running', 'rolling-back')
          AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000})) FOR UPDATE`;
      if (rows.length === 0) return null;
      const run = await tx.failoverRun.findUniqueOrThrow({ where: { id } });
      const now = new Date();
      const preflight = readPreflight(run.preflight);
      await tx.failoverRun.update({
        where: { id },
        data: { state: "interrupted", runnerId: null, heartbeatAt: null, preflight: toJson({ ...preflight, execution: { ...(preflight.execution ?? { holder: "", path: preflight.path }), interrupted: true } }) },
      });
      const open = await tx.failoverStep.findMany({ where: { runId: id, state: { in: ["running", "pending"] } } });
      for (const s of open) {
        await tx.failoverStep.update({ where: { id: s.id }, data: { state: "failed", finishedAt: now } });
        await appendLogChunk(tx, "step", s.id, `\n${now.toISOString().slice(11, 23)}Z the replica running this step stopped answering; marked failed, not re-run`);
      }
      await appendAuditEvent(tx, {
        actor: { id: null, name: "system" },
        action: "failover.interrupted",
        target: { type: "failover-run", id },
        outcome: "failure",
        reason: `runner ${run.runnerId ?? "none"} silent since ${run.heartbeatAt?.toISOString() ?? "never"}`,
        details: { was: run.state, runner: run.runnerId, lastHeartbeat: run.heartbeatAt?.toISOString() ?? null, steps: open.map((s) => s.name) },
      });
      return run;
    });
    if (!run) continue;
    interrupted.push(id);
    notifyFailover({ event: "failed", runNumber: run.number, runId: id, service: run.service, from: run.fromRegion, to: run.toRegion, mode: run.mode, actor: "system", detail: "The console running it stopped answering: the run is interrupted. A person decides whether to roll back.", url: failoverUrl(id) });
  }
  if (interrupted.length) log.warn("stalled failovers marked interrupted", { runs: interrupted });
  return interrupted;
}
