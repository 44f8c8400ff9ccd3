import "server-only";
import { db } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import { AUDIT_HEAD_KEY, parseAuditHead, type AuditHead } from "./append-event";
import { getAuditKeyring, getCurrentAuditKey } from "./audit-keys";
import { readLatestCheckpoint } from "./checkpoint";
import { AuditCheckpointRefusedError, exportAuditCheckpoint } from "./export-checkpoint";

// Rows newer than the latest checkpoint are the ones someone with write access to the database can
// delete (and move the head pointer back over) unnoticed. The background worker keeps that window
// short: it looks every POLL_MS and exports once the head has moved and either the latest checkpoint
// is MAX_AGE_MS old or EVERY_ROWS rows were written since. A row is thus in a signed checkpoint at
// most MAX_AGE_MS + POLL_MS = 30 s after it commits (docs/audit.md states it).
export type CheckpointLimits = { pollMs: number; maxAgeMs: number; everyRows: number };
export const CHECKPOINT_LIMITS: CheckpointLimits = { pollMs: 5_000, maxAgeMs: 25_000, everyRows: 1_000 };

/** Verification warns when rows have waited this long for a checkpoint: nobody is exporting them. */
export const CHECKPOINT_STALE_MS = 2 * 60_000;

/** Whether a checkpoint is due: the head moved past the latest one, long enough ago or far enough. */
export function checkpointDue(head: AuditHead | null, latest: { seq: number; hash: string; at: string } | null, now: Date, limits: CheckpointLimits = CHECKPOINT_LIMITS): boolean {
  if (!head) return false;
  if (!latest) return true;
  if (latest.seq === head.seq && latest.hash === head.hash) return false;
  return now.getTime() - Date.parse(latest.at) >= limits.maxAgeMs || head.seq - latest.seq >= limits.everyRows;
}

/** One look: exports when due. Never throws (a refusal is logged once per distinct reason). */
export async function checkpointIfDue(limits: CheckpointLimits = CHECKPOINT_LIMITS, now = new Date()): Promise<"exported" | "not-due" | "busy" | "refused" | "failed"> {
  try {
    const head = parseAuditHead((await db().setting.findUnique({ where: { key: AUDIT_HEAD_KEY } }))?.value);
    // An empty chain needs nothing (and no key yet); rows without a head pointer are the export's to refuse.
    if (!head && (await db().auditEvent.findFirst({ select: { seq: true } })) === null) return "not-due";
    const key = getCurrentAuditKey();
    const latest = await readLatestCheckpoint(new Map(getAuditKeyring()).set(key.id, key));
    // A damaged checkpoint file is the export's to refuse too (and so reported).
    const due = !head || latest.problems.length > 0 || checkpointDue(head, latest.checkpoint, now, limits);
    if (!due) return "not-due";
    const result = await exportAuditCheckpoint({ wait: false, now });
    state.lastRefusal = null;
    return result.status === "busy" ? "busy" : result.status === "exported" ? "exported" : "not-due";
  } catch (error) {
    const refused = error instanceof AuditCheckpointRefusedError;
    const message = error instanceof Error ? error.message : String(error);
    // Every POLL_MS until a person looks: the same reason is logged once, not 720 times an hour.
    if (state.lastRefusal !== message) log.error(refused ? "audit: checkpoint refused, the chain needs a look (npm run audit:verify)" : "audit: checkpoint export failed", { error: message });
    state.lastRefusal = message;
    return refused ? "refused" : "failed";
  }
}

const state = ((globalThis as unknown as { meridianAuditCheckpoints?: { timer: NodeJS.Timeout | null; lastRefusal: string | null; running: boolean } }).meridianAuditCheckpoints ??= {
  timer: null,
  lastRefusal: null,
  running: false,
});

/** Starts this process's checkpoint loop once (where the job worker runs). */
export function startAuditCheckpoints(limits: CheckpointLimits = CHECKPOINT_LIMITS): void {
  if (state.timer) return;
  state.timer = setInterval(() => {
    if (state.running) return;
    state.running = true;
    void checkpointIfDue(limits).finally(() => (state.running = false));
  }, limits.pollMs);
  state.timer.unref();
}

export function stopAuditCheckpoints(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}
