import "server-only";
import { Logger, run, type Runner, type TaskList } from "graphile-worker";
import { runApplyJob, type ApplyJob } from "@/lib/changes/run-apply";
import { exportAuditCheckpoint } from "@/lib/audit/export-checkpoint";
import { getEnv } from "@/lib/env";
import { sweepGithubChecks, syncGithubAggregate, syncGithubCheck, type GithubAggregateJob } from "@/lib/integrations/github/sync-check";
import { runFailoverJob, runFailoverRollbackJob, type FailoverJob } from "@/lib/failovers/run-failover";
import { deliverWebhookJob, type WebhookJob } from "@/lib/notifications/slack-webhook";
import { log } from "@/lib/observability/log";
import { pruneOldData } from "@/lib/retention/prune";
import { runSlackInteractionJob, type SlackInteractionJob } from "@/lib/integrations/slack/interaction-job";
import { syncSlackMessages, type SlackSyncJob } from "@/lib/integrations/slack/sync-messages";
import type { JobName } from "./enqueue";
import type { MirroredSubject } from "./mirror";
import { getInstanceLabel } from "./instance";

// graphile-worker: jobs in PostgreSQL (no other server), picked up within milliseconds through
// LISTEN/NOTIFY, enqueued by SQL inside the decision's own transaction, retries with exponential
// backoff, and a crontab for housekeeping.

const runner = (helpers: { job: { id: string } }) => `${getInstanceLabel()}#${helpers.job.id}`;

const tasks: Record<JobName, TaskList[string]> = {
  "apply-change": async (payload, helpers) => void (await runApplyJob(payload as ApplyJob, runner(helpers))),
  "execute-failover": async (payload, helpers) => void (await runFailoverJob(payload as FailoverJob, runner(helpers))),
  "rollback-failover": async (payload, helpers) => void (await runFailoverRollbackJob(payload as FailoverJob, runner(helpers))),
  "deliver-webhook": async (payload) => deliverWebhookJob(payload as WebhookJob),
  retention: async () => void (await pruneOldData()),
  "audit-checkpoint": async () => void (await exportAuditCheckpoint()),
  "slack-sync": async (payload) => syncSlackMessages(payload as SlackSyncJob),
  "slack-interaction": async (payload) => runSlackInteractionJob(payload as SlackInteractionJob),
  "github-check": async (payload) => syncGithubCheck(payload as MirroredSubject),
  "github-aggregate": async (payload) => syncGithubAggregate(payload as GithubAggregateJob),
  "github-check-sweep": async () => void (await sweepGithubChecks()),
};

// Daily retention at 03:17 UTC and a signed audit checkpoint every 5 minutes (exported outside the
// database; a backstop: lib/audit/checkpoint-schedule.ts exports within 30 s of a write); job keys
// keep one pending run however many replicas schedule them.
// The GitHub sweep follows the SLO gate, which moves without an audit event (lib/integrations/github/sync-check.ts).
const CRONTAB = ["17 3 * * * retention ?max=3&jobKey=retention", "*/5 * * * * audit-checkpoint ?max=3&jobKey=audit-checkpoint", "*/2 * * * * github-check-sweep ?max=3&jobKey=github-check-sweep"].join("\n");

const logger = new Logger((scope) => (level, message, meta) => {
  const fields = { scope: scope.label, ...(meta ?? {}) };
  if (level === "error") log.error(`jobs: ${message}`, fields);
  else if (level === "warning") log.warn(`jobs: ${message}`, fields);
  else if (level === "info") log.debug(`jobs: ${message}`, fields);
});

const holder = globalThis as unknown as { meridianWorker?: Promise<Runner> };

/** Starts this replica's worker once (the schema is migrated by graphile-worker itself). */
export function startJobWorker(connectionString = getEnv().DATABASE_URL, concurrency = 8): Promise<Runner> {
  holder.meridianWorker ??= run({ connectionString, concurrency, noHandleSignals: true, pollInterval: 2_000, taskList: tasks, crontab: CRONTAB, logger }).then((r) => {
    log.info("job worker started", { instance: getInstanceLabel(), concurrency });
    return r;
  });
  return holder.meridianWorker;
}

export async function stopJobWorker(): Promise<void> {
  const current = holder.meridianWorker;
  holder.meridianWorker = undefined;
  if (current) await (await current).stop();
}
