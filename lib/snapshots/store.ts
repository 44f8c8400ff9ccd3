import "server-only";
import { asUtcParam, sqlQuery, utc } from "@/lib/db/sql";
import { contentHash, SNAPSHOT_AS_OF_KEYS } from "@/lib/live/content-hash";

/** `takenAt`: when the source took the data (a sample's own time); the read time when it does not say. */
export type SnapshotWrite = { kind: string; key: string; data: unknown; takenAt?: Date };

export type Stored<T> = { key: string; source: string; fetchedAt: string; takenAt: string; data: T };

type SnapshotRow = { key: string; source: string; fetchedAt: Date; takenAt: Date | null; data: unknown };
const COLUMNS = `"key", "source", ${utc("fetchedAt")} AS "fetchedAt", ${utc("takenAt")} AS "takenAt", "data"`;

/**
 * Writes every snapshot of one collection in one statement (all or none), each with the hash of its
 * values (without the times of its reading): the data version moves only when values do.
 */
export async function saveSnapshots(source: string, fetchedAt: Date, writes: SnapshotWrite[]): Promise<void> {
  if (writes.length === 0) return;
  // One row per key (the last write wins), in key order so that replicas writing the same keys never deadlock.
  const byKey = new Map(writes.map((w) => [`${w.kind}\u0000${w.key}`, w]));
  const rows = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => ({ kind: w.kind, key: w.key, takenAt: (w.takenAt ?? fetchedAt).toISOString(), data: w.data ?? null, contentHash: contentHash(w.data ?? null, SNAPSHOT_AS_OF_KEYS) }));
  await sqlQuery(
    `INSERT INTO "Snapshot" ("kind", "key", "source", "fetchedAt", "takenAt", "data", "contentHash")
     SELECT w.kind, w.key, $1, ${asUtcParam("$2")}, ${asUtcParam("w.\"takenAt\"")}, w.data, w."contentHash"
     FROM jsonb_to_recordset($3::jsonb) AS w(kind text, key text, "takenAt" text, data jsonb, "contentHash" text)
     ON CONFLICT ("kind", "key") DO UPDATE SET "source" = EXCLUDED."source", "fetchedAt" = EXCLUDED."fetchedAt", "takenAt" = EXCLUDED."takenAt", "data" = EXCLUDED."data", "contentHash" = EXCLUDED."contentHash"`,
    [source, fetchedAt.toISOString(), JSON.stringify(rows)],
  );
}

function toStored<T>(r: SnapshotRow): Stored<T> {
  return { key: r.key, source: r.source, fetchedAt: r.fetchedAt.toISOString(), takenAt: (r.takenAt ?? r.fetchedAt).toISOString(), data: r.data as T };
}

/** The latest snapshot of every key of a kind (e.g. every region's inventory). */
export async function listSnapshots<T>(kind: string, keys?: string[]): Promise<Array<Stored<T>>> {
  const rows = keys
    ? await sqlQuery<SnapshotRow>(`SELECT ${COLUMNS} FROM "Snapshot" WHERE "kind" = $1 AND "key" = ANY($2::text[]) ORDER BY "key"`, [kind, keys])
    : await sqlQuery<SnapshotRow>(`SELECT ${COLUMNS} FROM "Snapshot" WHERE "kind" = $1 ORDER BY "key"`, [kind]);
  return rows.map((r) => toStored<T>(r));
}

export async function getSnapshot<T>(kind: string, key: string): Promise<Stored<T> | null> {
  const [r] = await sqlQuery<SnapshotRow>(`SELECT ${COLUMNS} FROM "Snapshot" WHERE "kind" = $1 AND "key" = $2`, [kind, key]);
  return r ? toStored<T>(r) : null;
}
