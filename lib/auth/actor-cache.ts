import { classifyDbError } from "@/lib/db/errors";
import type { Actor } from "./actor";

/**
 * Who a session or token is, remembered for a few seconds: 200 people polling the overview every
 * 5 s would otherwise ask the database who they are 40 times a second. A role change, a disabled
 * user or a revoked token takes effect within ACTOR_CACHE_MS on every replica (and at once on the
 * replica that made the change, which forgets everything).
 */
export const ACTOR_CACHE_MS = 5_000;
const MAX_ENTRIES = 5_000;

type Entry = { value: unknown; until: number };
const holder = globalThis as unknown as { meridianActorCache?: Map<string, Entry> };
const entries = () => (holder.meridianActorCache ??= new Map());

async function remember<T>(key: string, load: () => Promise<T>, now: number): Promise<T> {
  const hit = entries().get(key);
  if (hit && hit.until > now) return hit.value as T;
  let value: T;
  try {
    value = await load();
  } catch (error) {
    // The database is dark: who someone was when it last answered still lets them read (pages say
    // "no database since T"); every decision is refused while it is dark, so nothing is decided on it.
    if (hit && classifyDbError(error) === "unreachable") return hit.value as T;
    throw error;
  }
  if (entries().size >= MAX_ENTRIES) entries().clear();
  entries().set(key, { value, until: now + ACTOR_CACHE_MS });
  return value;
}

export function rememberActor(key: string, load: () => Promise<Actor | null>, now = Date.now()): Promise<Actor | null> {
  return remember(`actor:${key}`, load, now);
}

/**
 * Whose session a cookie is (the user id, or null), remembered as briefly: decoding it costs a key
 * derivation and a decryption, most of an API read's CPU. Only the id is kept, so a role change or
 * a disabled user still takes effect within ACTOR_CACHE_MS (rememberActor decides that).
 */
export function rememberSessionUser(cookieHash: string, load: () => Promise<string | null>, now = Date.now()): Promise<string | null> {
  return remember(`session:${cookieHash}`, load, now);
}

export function forgetActors(): void {
  entries().clear();
}
