import "server-only";
import { sqlQuery, utc } from "@/lib/db/sql";

export type DataVersion = { version: string; auditSeq: number; collectedAt: string | null; attemptedAt: string | null; modelsAt: string | null };

/**
 * One cheap answer to "has anything a page shows changed?": the newest audit row (every action,
 * failover, apply and scenario switch writes one), the newest snapshot and the newest collection
 * attempt (a source going dark changes what pages say even when no snapshot is written). Three
 * indexed max() lookups; open pages poll it and re-render only when it moves.
 */
export async function getDataVersion(): Promise<DataVersion> {
  // The read models' newest computation too: a page must re-render once the model it reads caught up.
  // Plain SQL on the pool: every open page asks this every few seconds (no query compilation per ask).
  const [row] = await sqlQuery<{ auditSeq: number | null; collectedAt: Date | null; attemptedAt: Date | null; modelsAt: Date | null }>(
    `SELECT (SELECT max("seq") FROM "AuditEvent")::int AS "auditSeq",
            (SELECT max(${utc("fetchedAt")}) FROM "Snapshot") AS "collectedAt",
            (SELECT max(${utc("lastAttemptAt")}) FROM "SourceStatus") AS "attemptedAt",
            (SELECT max(${utc("computedAt")}) FROM "ReadModelState") AS "modelsAt"`,
  );
  const auditSeq = row?.auditSeq ?? 0;
  const collectedAt = row?.collectedAt?.toISOString() ?? null;
  const attemptedAt = row?.attemptedAt?.toISOString() ?? null;
  const modelsAt = row?.modelsAt?.toISOString() ?? null;
  return { version: `${auditSeq}:${collectedAt ?? "-"}:${attemptedAt ?? "-"}:${modelsAt ?? "-"}`, auditSeq, collectedAt, attemptedAt, modelsAt };
}

/** True while no collection has finished since `since` (a scenario switch, a refresh): pages say "collecting…". */
export async function isCollectingSince(since: string | Date): Promise<boolean> {
  const { collectedAt } = await getDataVersion();
  return collectedAt === null || Date.parse(collectedAt) < new Date(since).getTime();
}
