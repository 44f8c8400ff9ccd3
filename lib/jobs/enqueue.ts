import "server-only";
import type { Tx } from "@/lib/db/client";

/** The durable jobs any replica's worker may pick up (graphile-worker task identifiers). */
export type JobName = "apply-change" | "execute-failover" | "rollback-failover" | "deliver-webhook" | "retention" | "audit-checkpoint" | "slack-sync" | "slack-interaction" | "github-check" | "github-aggregate" | "github-check-sweep";

export type EnqueueOptions = {
  /** 1 for work that must never run twice by itself (applies, failovers); retries with backoff otherwise. */
  maxAttempts?: number;
  /** At most one pending job per key (graphile-worker job_key). */
  jobKey?: string;
  runAt?: Date;
  /** Jobs of one named queue run one at a time, in order, on whichever replica (graphile-worker queue_name). */
  queueName?: string;
};

/**
 * Adds a job through SQL in the caller's transaction, so the decision and the job that carries it
 * out commit together or not at all.
 */
export async function enqueueJob(client: Tx, task: JobName, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  await client.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? 1}::int,
    job_key => ${opts.jobKey ?? null}::text
  )`;
}
