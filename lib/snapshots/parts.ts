import "server-only";
import { reader } from "@/lib/db/client";
import { listSnapshots, type Stored } from "./store";

// Snapshots of a whole fleet are megabytes of JSON; pages and the API read them on every
// request. Each key's parsed data is kept until its fetchedAt changes, so a request only
// loads what the collector rewrote since the last one.

/** A snapshot key "<region>" or "<region>/<part>" (a cluster, an EKS source): its region. */
export function regionOfKey(key: string): string {
  return key.split("/")[0];
}

/** The collector job that writes a snapshot is named "<source>/<kind>/<key>" (lib/collector/region-jobs.ts). */
export function jobNameOf(source: string, kind: string, key: string): string {
  return `${source}/${kind}/${key}`;
}

type Entry = { fetchedAt: string; stored: Stored<unknown> };
const holder = globalThis as unknown as { meridianSnapshotParts?: Map<string, Map<string, Entry>> };

/** Every snapshot of a kind, from the cache where its fetchedAt is unchanged; also a signature of the set. */
export async function listSnapshotParts<T>(kind: string): Promise<{ parts: Array<Stored<T>>; signature: string }> {
  holder.meridianSnapshotParts ??= new Map();
  const cache = holder.meridianSnapshotParts.get(kind) ?? new Map<string, Entry>();
  holder.meridianSnapshotParts.set(kind, cache);
  const heads = await reader().snapshot.findMany({ where: { kind }, select: { key: true, fetchedAt: true }, orderBy: { key: "asc" } });
  const changed = heads.filter((h) => cache.get(h.key)?.fetchedAt !== h.fetchedAt.toISOString()).map((h) => h.key);
  if (changed.length) for (const s of await listSnapshots<unknown>(kind, changed)) cache.set(s.key, { fetchedAt: s.fetchedAt, stored: s });
  const live = new Set(heads.map((h) => h.key));
  for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  const parts = heads.flatMap((h) => {
    const e = cache.get(h.key);
    return e ? [e.stored as Stored<T>] : [];
  });
  return { parts, signature: parts.map((p) => `${p.key}@${p.fetchedAt}`).join(",") };
}
