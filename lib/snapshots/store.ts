import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";

/** `takenAt`: when the source took the data (a sample's own time); the read time when it does not say. */
export type SnapshotWrite = { kind: string; key: string; data: unknown; takenAt?: Date };

export type Stored<T> = { key: string; source: string; fetchedAt: string; takenAt: string; data: T };

export async function saveSnapshots(source: string, fetchedAt: Date, writes: SnapshotWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await db().$transaction(
    writes.map((w) => {
      const row = { source, fetchedAt, takenAt: w.takenAt ?? fetchedAt, data: w.data as Prisma.InputJsonValue };
      return db().snapshot.upsert({ where: { kind_key: { kind: w.kind, key: w.key } }, create: { kind: w.kind, key: w.key, ...row }, update: row });
    }),
  );
}

function toStored<T>(r: { key: string; source: string; fetchedAt: Date; takenAt: Date | null; data: unknown }): Stored<T> {
  return { key: r.key, source: r.source, fetchedAt: r.fetchedAt.toISOString(), takenAt: (r.takenAt ?? r.fetchedAt).toISOString(), data: r.data as T };
}

/** The latest snapshot of every key of a kind (e.g. every region's inventory). */
export async function listSnapshots<T>(kind: string, keys?: string[]): Promise<Array<Stored<T>>> {
  const rows = await db().snapshot.findMany({ where: { kind, ...(keys ? { key: { in: keys } } : {}) }, orderBy: { key: "asc" } });
  return rows.map((r) => toStored<T>(r));
}

export async function getSnapshot<T>(kind: string, key: string): Promise<Stored<T> | null> {
  const r = await db().snapshot.findUnique({ where: { kind_key: { kind, key } } });
  return r ? toStored<T>(r) : null;
}
