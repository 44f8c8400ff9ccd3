import { onDataChanged } from "@/lib/events/data-changed";

// Reads every viewer of a page makes alike (the demo scenario, open failovers, source health),
// shared for up to a second: a crowd costs one query a second, not one per viewer. A change made
// through this process drops them at once; other replicas' changes show within the second.
export const RECENT_MS = 1_000;

type Entry = { at: number; value: Promise<unknown> };
const holder = globalThis as unknown as { meridianRecent?: Map<string, Entry>; meridianRecentHooked?: boolean };
const entries = () => (holder.meridianRecent ??= new Map());

export function recently<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  if (!holder.meridianRecentHooked) {
    holder.meridianRecentHooked = true;
    onDataChanged(() => entries().clear());
  }
  const hit = entries().get(key);
  if (hit && now - hit.at < RECENT_MS) return hit.value as Promise<T>;
  const entry = { at: now, value: load() };
  entries().set(key, entry);
  // A failed read is never shared: the next viewer asks again.
  entry.value.catch(() => entries().get(key) === entry && entries().delete(key));
  return entry.value;
}
