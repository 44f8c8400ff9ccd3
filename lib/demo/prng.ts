// Deterministic randomness: every value is a pure function of (seed, keys), so the demo fleet
// gives the same answer for the same seed and time in every process.

/** FNV-1a, 32 bit. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) for these keys. */
export function rand(seed: number, ...keys: Array<string | number>): number {
  let x = hash32(`${seed}|${keys.join("|")}`);
  // One round of a mulberry32-style mix to spread FNV's low bits.
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

/** Smooth noise in [0, 1): linear interpolation between random points every `periodMs`. */
export function smoothNoise(seed: number, key: string, t: number, periodMs: number): number {
  const i = Math.floor(t / periodMs);
  const f = (t - i * periodMs) / periodMs;
  const a = rand(seed, key, i);
  const b = rand(seed, key, i + 1);
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

export function pick<T>(items: readonly T[], r: number): T {
  return items[Math.min(items.length - 1, Math.floor(r * items.length))];
}
