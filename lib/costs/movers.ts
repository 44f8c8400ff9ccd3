import type { CostPoint } from "./types";

export type CostMover = { key: string; currentMicros: number; previousMicros: number; deltaMicros: number; deltaRatio: number | null };

/**
 * Period over period: groups whose spend changed most in absolute terms (up or down), e.g. this
 * month-to-date against the same days last month. New groups have deltaRatio null.
 */
export function listTopMovers(current: readonly CostPoint[], previous: readonly CostPoint[], limit = 10): CostMover[] {
  const cur = new Map<string, number>();
  const prev = new Map<string, number>();
  for (const p of current) cur.set(p.key, (cur.get(p.key) ?? 0) + p.amountMicros);
  for (const p of previous) prev.set(p.key, (prev.get(p.key) ?? 0) + p.amountMicros);
  const keys = new Set([...cur.keys(), ...prev.keys()]);
  const movers: CostMover[] = [];
  for (const key of keys) {
    const c = cur.get(key) ?? 0;
    const p = prev.get(key) ?? 0;
    if (c === p) continue;
    movers.push({ key, currentMicros: c, previousMicros: p, deltaMicros: c - p, deltaRatio: p === 0 ? null : (c - p) / p });
  }
  movers.sort((a, b) => Math.abs(b.deltaMicros) - Math.abs(a.deltaMicros) || (a.key < b.key ? -1 : 1));
  return movers.slice(0, limit);
}
