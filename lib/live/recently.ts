import { classifyDbError } from "@/lib/db/errors";
import { onDataChanged } from "@/lib/events/data-changed";

// Reads every viewer of a page makes alike (the demo scenario, open failovers, source health),
// shared for up to a second: a crowd costs one query a second, not one per viewer. A change made
// through this process drops them at once; other processes' changes as soon as this process sees
// the data version move (lib/live/data-version.ts), or within the second.
export const RECENT_MS = 1_000;

type Entry = { at: number; value: Promise<unknown> };
const holder = globalThis as unknown as { meridianRecent?: Map<string, Entry>; meridianRecentHooked?: boolean; meridianRecentDroppers?: Set<() => void> };
const entries = () => (holder.meridianRecent ??= new Map());
const droppers = () => (holder.meridianRecentDroppers ??= new Set());

/** Other short-lived shares of the same kind (read-model state rows) are dropped along with these. */
export function onRecentReadsDropped(drop: () => void): void {
  droppers().add(drop);
}

/** Forgets every shared read: the next reader asks the database. */
export function dropRecentReads(): void {
  entries().clear();
  for (const drop of droppers()) drop();
}

export function recently<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  if (!holder.meridianRecentHooked) {
    holder.meridianRecentHooked = true;
    onDataChanged(() => dropRecentReads());
  }
  const hit = entries().get(key);
  if (hit && now - hit.at < RECENT_MS) return hit.value as Promise<T>;
  const entry = { at: now, value: load().then((value) => (lastGood().set(key, value), value)) };
  entries().set(key, entry);
  // A failed read is never shared: the next viewer asks again.
  entry.value.catch(() => entries().get(key) === entry && entries().delete(key));
  // The database is dark: the last answer this process had, as every page says "no database since T".
  return entry.value.catch((error: unknown) => {
    if (lastGood().has(key) && classifyDbError(error) === "unreachable") return lastGood().get(key) as T;
    throw error;
  });
}

const lastGood = () => ((globalThis as unknown as { meridianRecentLastGood?: Map<string, unknown> }).meridianRecentLastGood ??= new Map());
