import { createHash } from "node:crypto";

// What a page shows is values and the times they were read. The data version pages poll follows the
// values: a collection that read the same values again, or a refresh that recomputed the same answer,
// only moves the times, and open pages show those ages themselves from absolute timestamps.

/** Keys that say when data was read, collected or computed, never what it is. */
export const AS_OF_KEYS: ReadonlySet<string> = new Set(["fetchedAt", "takenAt", "dataAsOf", "evaluatedAt", "lagAsOf", "regionsAsOf", "computedAt", "durationMs"]);

/** Snapshots also date their own reading as `at` (the whole read, each SLO status, a link's last read). */
export const SNAPSHOT_AS_OF_KEYS: ReadonlySet<string> = new Set([...AS_OF_KEYS, "at"]);

/**
 * A hash of `value` as JSON without the keys in `asOf` at any depth. Object keys are hashed in sorted
 * order: the same values built in another order (results merged as they arrived) hash the same.
 */
export function contentHash(value: unknown, asOf: ReadonlySet<string> = AS_OF_KEYS): string {
  const json = JSON.stringify(value ?? null, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (!asOf.has(k)) out[k] = (v as Record<string, unknown>)[k];
    return out;
  });
  return createHash("sha1").update(json).digest("base64url");
}
