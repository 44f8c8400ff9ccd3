import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";

export type SnapshotWrite = { kind: string; key: string; data: unknown };

export type Stored<T> = { key: string; source: string; fetchedAt: string; data: T };

export async function saveSnapshots(source: string, fetchedAt: Date, writes: SnapshotWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await db().$transaction(
    writes.map((w) =>
      db().snapshot.upsert({
        where: { kind_key: { kind: w.kind, key: w.key } },
        create: { kind: w.kind, key: w.key, source, fetchedAt, data: w.data as Prisma.InputJsonValue },
        update: { source, fetchedAt, data: w.data as Prisma.InputJsonValue },
      }),
    ),
  );
}

/** The latest snapshot of every key of a kind (e.g. every region's inventory). */
export async function listSnapshots<T>(kind: string, keys?: string[]): Promise<Array<Stored<T>>> {
  const rows = await db().snapshot.findMany({ where: { kind, ...(keys ? { key: { in: keys } } : {}) }, orderBy: { key: "asc" } });
  return rows.map((r) => ({ key: r.key, source: r.source, fetchedAt: r.fetchedAt.toISOString(), data: r.data as T }));
}

export async function getSnapshot<T>(kind: string, key: string): Promise<Stored<T> | null> {
  const r = await db().snapshot.findUnique({ where: { kind_key: { kind, key } } });
  return r ? { key: r.key, source: r.source, fetchedAt: r.fetchedAt.toISOString(), data: r.data as T } : null;
}
