import "server-only";
import { db } from "@/lib/db/client";
import { observeCollectorRun } from "@/lib/observability/metrics";
import { log } from "@/lib/observability/log";
import { saveSnapshots } from "@/lib/snapshots/store";
import type { CollectionJob } from "./types";
import { notifyDataChanged } from "@/lib/events/data-changed";

/**
 * Takes the job's lease for one interval with a conditional update, so that with several
 * instances on one PostgreSQL exactly one collects each interval.
 */
async function ensureStatusRow(job: CollectionJob): Promise<void> {
  // INSERT … ON CONFLICT DO NOTHING: instances racing to create the row cannot collide.
  await db().sourceStatus.createMany({
    data: [{ name: job.name, kind: job.source.kind, intervalSec: Math.round(job.intervalMs / 1000) }],
    skipDuplicates: true,
  });
}

export async function acquireLease(job: CollectionJob, owner: string, now = new Date()): Promise<boolean> {
  const until = new Date(now.getTime() + Math.max(1000, job.intervalMs - 500));
  await ensureStatusRow(job);
  const taken = await db().sourceStatus.updateMany({
    where: { name: job.name, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: until, intervalSec: Math.round(job.intervalMs / 1000) },
  });
  return taken.count === 1;
}

async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject before aborting: a source that returns early on abort must not count as a success.
      reject(new Error(`timed out after ${ms} ms`));
      controller.abort();
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type JobOutcome = { job: string; ok: boolean; skipped?: boolean; durationMs: number; error?: string };

/** Collects once. A failure is recorded on the source and leaves the last snapshots untouched. */
export async function runJob(job: CollectionJob, owner: string, { force = false } = {}): Promise<JobOutcome> {
  if (force) await ensureStatusRow(job);
  else if (!(await acquireLease(job, owner))) return { job: job.name, ok: true, skipped: true, durationMs: 0 };
  const started = Date.now();
  const labels = { source: job.source.name, job: job.name };
  try {
    const writes = await withTimeout(job.timeoutMs, (signal) => job.collect(signal));
    const fetchedAt = new Date();
    // The newest data this run got, as the source dated it: a source that answers with old samples is not fresh.
    const taken = writes.map((w) => (w.takenAt ?? fetchedAt).getTime());
    const lastTakenAt = new Date(taken.length ? Math.max(...taken) : fetchedAt.getTime());
    await saveSnapshots(job.source.name, fetchedAt, writes);
    await job.afterSave?.(writes, fetchedAt);
    const durationMs = Date.now() - started;
    await db().sourceStatus.update({
      where: { name: job.name },
      data: { lastAttemptAt: new Date(started), lastSuccessAt: fetchedAt, lastTakenAt, lastDurationMs: durationMs, consecutiveFailures: 0, runs: { increment: 1 } },
    });
    observeCollectorRun(labels, { ok: true, seconds: durationMs / 1000 });
    notifyDataChanged(`collected ${job.name}`);
    return { job: job.name, ok: true, durationMs };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const durationMs = Date.now() - started;
    await db()
      .sourceStatus.update({
        where: { name: job.name },
        data: {
          lastAttemptAt: new Date(started),
          lastErrorAt: new Date(),
          lastError: message,
          lastDurationMs: durationMs,
          consecutiveFailures: { increment: 1 },
          runs: { increment: 1 },
          errorCount: { increment: 1 },
        },
      })
      .catch(() => undefined);
    observeCollectorRun(labels, { ok: false });
    log.warn("collection failed", { job: job.name, error: message });
    notifyDataChanged(`collection failed ${job.name}`);
    return { job: job.name, ok: false, durationMs, error: message };
  }
}
