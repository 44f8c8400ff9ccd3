import { getSnapshot } from "@/lib/snapshots/store";
import type { RegionInventory } from "./types";

/**
 * Carries when a part's health last changed: the previous snapshot's time while the health stays
 * the same, now when it changes (or on the first read). The overview says "degraded since T" from it.
 */
export async function withHealthSince(kind: string, key: string, next: RegionInventory, at = new Date()): Promise<RegionInventory> {
  const previous = await getSnapshot<RegionInventory>(kind, key);
  const since = previous && previous.data.health === next.health ? (previous.data.healthSince ?? previous.takenAt) : at.toISOString();
  return { ...next, healthSince: since };
}
