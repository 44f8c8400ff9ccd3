/**
 * Freeze windows from the workspace policy. A window is in effect
 *  - between `from` and `to` (ISO 8601 instants) when given, and
 *  - during every minute its `cron` expression matches (5 fields, UTC), when given;
 * with both, it is in effect when both hold. "* 16-23 * * fri" freezes Friday evenings.
 */

export type FreezeWindow = { name: string; cron?: string; from?: string; to?: string };
export type FreezeHit = { name: string; endsAt: Date | null; invalid: string | null };

const FIELDS = [
  { name: "minute", min: 0, max: 59, names: [] as string[] },
  { name: "hour", min: 0, max: 23, names: [] },
  { name: "day of month", min: 1, max: 31, names: [] },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

type Cron = { sets: Array<Set<number>>; domAny: boolean; dowAny: boolean };

/** Parses a 5-field cron expression; throws with the field at fault. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}" needs 5 fields (minute hour day-of-month month day-of-week)`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]));
  // Sunday is 0 and 7.
  if (sets[4].has(7)) sets[4].add(0);
  return { sets, domAny: parts[2] === "*", dowAny: parts[4] === "*" };
}

function parseField(part: string, field: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  const value = (text: string): number => {
    const named = field.names.indexOf(text.toLowerCase());
    if (named >= 0) return field.name === "month" ? named + 1 : named;
    if (!/^\d+$/.test(text)) throw new Error(`cron ${field.name}: "${text}" is not a number`);
    const n = Number(text);
    if (n < field.min || n > field.max) throw new Error(`cron ${field.name}: ${n} is outside ${field.min}-${field.max}`);
    return n;
  };
  for (const item of part.split(",")) {
    const [range, stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron ${field.name}: bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === "*") [lo, hi] = [field.min, field.max];
    else if (range.includes("-")) {
      const [a, b] = range.split("-");
      [lo, hi] = [value(a), value(b)];
      if (lo > hi) throw new Error(`cron ${field.name}: range ${range} runs backwards`);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : field.max;
    }
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

export function cronMatches(cron: Cron, at: Date): boolean {
  const [min, hour, dom, month, dow] = cron.sets;
  if (!min.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) return false;
  const domOk = dom.has(at.getUTCDate());
  const dowOk = dow.has(at.getUTCDay());
  // Classic cron: when both day fields are restricted, either may match.
  if (!cron.domAny && !cron.dowAny) return domOk || dowOk;
  return domOk && dowOk;
}

/** Null when the window is well-formed, else what is wrong (for config validation). */
export function getFreezeWindowProblem(w: FreezeWindow): string | null {
  if (!w.cron && !w.from && !w.to) return `freeze window "${w.name}" needs cron, or from and to`;
  if ((w.from === undefined) !== (w.to === undefined)) return `freeze window "${w.name}" needs both from and to`;
  if (w.from !== undefined && Number.isNaN(Date.parse(w.from))) return `freeze window "${w.name}": from "${w.from}" is not an ISO date-time`;
  if (w.to !== undefined && Number.isNaN(Date.parse(w.to))) return `freeze window "${w.name}": to "${w.to}" is not an ISO date-time`;
  if (w.cron) {
    try {
      parseCron(w.cron);
    } catch (error) {
      return `freeze window "${w.name}": ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}

const MINUTE = 60_000;
const SCAN_LIMIT = 8 * 24 * 60; // a week and a day of minutes

function inEffect(w: FreezeWindow, cron: Cron | null, at: Date): boolean {
  if (w.from !== undefined && w.to !== undefined) {
    const t = at.getTime();
    if (t < Date.parse(w.from) || t >= Date.parse(w.to)) return false;
  }
  return cron ? cronMatches(cron, at) : true;
}

/** The first window in effect at `now`, with when it ends; an invalid window counts as in effect (fail closed). */
export function isFrozen(windows: FreezeWindow[], now: Date): FreezeHit | null {
  for (const w of windows) {
    const problem = getFreezeWindowProblem(w);
    if (problem) return { name: w.name, endsAt: null, invalid: problem };
    const cron = w.cron ? parseCron(w.cron) : null;
    if (!inEffect(w, cron, now)) continue;
    const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
    let endsAt: Date | null = null;
    for (let i = 1; i <= SCAN_LIMIT; i++) {
      const at = new Date(start + i * MINUTE);
      if (!inEffect(w, cron, at)) {
        endsAt = at;
        break;
      }
    }
    return { name: w.name, endsAt, invalid: null };
  }
  return null;
}
