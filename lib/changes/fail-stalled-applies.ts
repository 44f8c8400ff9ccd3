import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { STALE_AFTER_MS } from "@/lib/jobs/heartbeat";
import { appendLogChunk } from "@/lib/jobs/log-chunks";
import { log } from "@/lib/observability/log";

/**
 * Run by every replica's watchdog: an apply whose runner stopped heartbeating (its process died,
 * `kill -9`, a lost pod) is marked `failed` — never re-run — with a line in its log and an audit
 * row; the workspace lock stays until an operator checks the state and releases it.
 */
export async function failStalledApplies(staleAfterMs = STALE_AFTER_MS): Promise<string[]> {
  const stalled = await db().$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "ChangeRequest" WHERE "state" = 'applying' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000}))`;
  const failed: string[] = [];
  for (const { id } of stalled) {
    await db().$transaction(async (tx) => {
      // Re-checked under the row lock: a runner that beat meanwhile keeps its apply.
      const rows = await tx.$queryRaw<Array<{ workspace: string; runnerId: string | null; heartbeatAt: Date | null }>>`
        SELECT "workspace", "runnerId", "heartbeatAt" FROM "ChangeRequest" WHERE "id" = ${id} AND "state" = 'applying'
          AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000})) FOR UPDATE`;
      const row = rows[0];
      if (!row) return;
      await tx.changeRequest.update({ where: { id }, data: { state: "failed", finishedAt: new Date(), heartbeatAt: null } });
      const lock = await tx.workspaceLock.findUnique({ where: { workspace: row.workspace } });
      const since = row.heartbeatAt?.toISOString() ?? "never";
      await appendLogChunk(tx, "change", id, `\n[meridian] The replica running this apply (${row.runnerId ?? "not yet picked up"}) stopped answering (last heartbeat ${since}). Marked failed, not re-run; the workspace stays locked until an operator checks the state and releases it.\n`);
      await appendAuditEvent(tx, {
        actor: { id: null, name: "system" },
        action: "change.apply-interrupted",
        target: { type: "change", id },
        outcome: "failure",
        reason: `runner ${row.runnerId ?? "none"} silent since ${since}`,
        details: { workspace: row.workspace, runner: row.runnerId, lastHeartbeat: row.heartbeatAt?.toISOString() ?? null, lockHeld: lock?.changeId === id },
      });
      failed.push(id);
    });
  }
  if (failed.length) log.warn("stalled applies marked failed", { changes: failed });
  return failed;
}
