import "server-only";
import { classifyDbError } from "@/lib/db/errors";
import { sqlQuery, utc } from "@/lib/db/sql";
import { dropRecentReads } from "@/lib/live/recently";

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
  let rows;
  try {
    rows = await sqlQuery<{ auditSeq: number | null; collectedAt: Date | null; attemptedAt: Date | null; modelsAt: Date | null }>(
    `SELECT (SELECT max("seq") FROM "AuditEvent")::int AS "auditSeq",
            (SELECT max(${utc("fetchedAt")}) FROM "Snapshot") AS "collectedAt",
            (SELECT max(${utc("lastAttemptAt")}) FROM "SourceStatus") AS "attemptedAt",
            (SELECT max(${utc("computedAt")}) FROM "ReadModelState") AS "modelsAt"`,
    );
  } catch (error) {
    // The database is dark: the version last seen here, marked, so open pages re-render once to say so.
    if (lastSeen.answer && classifyDbError(error) === "unreachable") return { ...lastSeen.answer, version: `${lastSeen.answer.version}:no-database` };
    throw error;
  }
  const [row] = rows;
  const auditSeq = row?.auditSeq ?? 0;
  const collectedAt = row?.collectedAt?.toISOString() ?? null;
  const attemptedAt = row?.attemptedAt?.toISOString() ?? null;
  const modelsAt = row?.modelsAt?.toISOString() ?? null;
  const version = `${auditSeq}:${collectedAt ?? "-"}:${attemptedAt ?? "-"}:${modelsAt ?? "-"}`;
  // Another process changed something: this process's shared reads may predate it. Dropping them
  // means a page that read this version first renders what the version says (or newer), and its
  // live poll, which starts from that version, refreshes it when anything moves after.
  if (lastSeen.version !== undefined && lastSeen.version !== version) dropRecentReads();
  lastSeen.version = version;
  lastSeen.answer = { version, auditSeq, collectedAt, attemptedAt, modelsAt };
  return lastSeen.answer;
}

const lastSeen = ((globalThis as unknown as { meridianDataVersion?: { version?: string; answer?: DataVersion } }).meridianDataVersion ??= {});

/** True while no collection has finished since `since` (a scenario switch, a refresh): pages say "collecting…". */
export function isCollectingSince(version: DataVersion, since: string | Date): boolean {
  return version.collectedAt === null || Date.parse(version.collectedAt) < new Date(since).getTime();
}
