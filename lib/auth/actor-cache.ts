import type { Actor } from "./actor";

/**
 * Who a session or token is, remembered for a few seconds: 200 people polling the overview every
 * 5 s would otherwise ask the database who they are 40 times a second. A role change, a disabled
 * user or a revoked token takes effect within ACTOR_CACHE_MS on every replica (and at once on the
 * replica that made the change, which forgets everything).
 */
export const ACTOR_CACHE_MS = 5_000;
const MAX_ENTRIES = 5_000;

type Entry = { actor: Actor | null; until: number };
const holder = globalThis as unknown as { meridianActorCache?: Map<string, Entry> };
const entries = () => (holder.meridianActorCache ??= new Map());

export async function rememberActor(key: string, load: () => Promise<Actor | null>, now = Date.now()): Promise<Actor | null> {
  const hit = entries().get(key);
  if (hit && hit.until > now) return hit.actor;
  const actor = await load();
  if (entries().size >= MAX_ENTRIES) entries().clear();
  entries().set(key, { actor, until: now + ACTOR_CACHE_MS });
  return actor;
}

export function forgetActors(): void {
  entries().clear();
}
