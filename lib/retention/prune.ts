import "server-only";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import type { RetentionConfig } from "./config-schema";

export type PruneReport = { deploymentEvents: number; sourceRequests: number; plansPruned: number; changeLogChunks: number; stepLogChunks: number };

const FINISHED = ["applied", "failed", "stale", "rejected", "cancelled", "superseded"];

/**
 * The daily retention job. Deletes only what the configuration says may go; the audit log is never
 * touched. Each kind is its own statement, so one failing leaves the others done.
 */
export async function pruneOldData(retention: RetentionConfig = getConfig().retention, now = new Date()): Promise<PruneReport> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const deploymentEvents = (await db().deploymentEvent.deleteMany({ where: { at: { lt: before(retention.deploymentEvents) } } })).count;
  const sourceRequests = (await db().sourceRequest.deleteMany({ where: { at: { lt: before(retention.sourceRequests) } } })).count;
  // The plan bytes and JSON are the bulk of a change; the summary, counts, hash and log stay.
  const plansPruned = await db().$executeRaw`
    UPDATE "ChangeRequest" SET "planFile" = ''::bytea, "planJson" = 'null'::jsonb, "planPrunedAt" = ${now}
    WHERE "planPrunedAt" IS NULL AND "state" = ANY(${FINISHED}) AND COALESCE("finishedAt", "updatedAt") < ${before(retention.finishedPlans)}`;
  const changeLogChunks = (await db().changeLogChunk.deleteMany({ where: { at: { lt: before(retention.logChunks) }, change: { state: { in: FINISHED } } } })).count;
  const stepLogChunks = (await db().failoverStepLogChunk.deleteMany({ where: { at: { lt: before(retention.logChunks) }, step: { run: { finishedAt: { not: null } } } } })).count;
  const report = { deploymentEvents, sourceRequests, plansPruned, changeLogChunks, stepLogChunks };
  await recordAuditEvent({ actor: { id: null, name: "system" }, action: "retention.pruned", target: { type: "retention", id: null }, details: { ...report, retention } });
  log.info("retention pruned old data", report);
  return report;
}
