import { Cron } from "croner";

/**
 * Freeze windows from the workspace policy. A window is in effect
 *  - between `from` and `to` (ISO 8601 instants) when given, and
 *  - during every minute its `cron` expression matches (5 fields, read in `timezone`, an IANA name,
 *    default UTC), when given;
 * with both, it is in effect when both hold. "* 16-23 * * fri" with timezone "Europe/Berlin"
 * freezes Friday evenings in Berlin, summer and winter. Across a DST change the cron is read on the
 * wall clock: hours skipped in spring never match, an hour repeated in autumn matches twice.
 * Cron parsing and matching are croner's.
 */

export type FreezeWindow = { name: string; cron?: string; timezone?: string; from?: string; to?: string };
export type FreezeHit = { name: string; endsAt: Date | null; invalid: string | null };

/** True when `timezone` is an IANA time zone name this runtime knows. */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Parses a 5-field cron expression read in `timezone`; throws with what is wrong. */
export function parseCron(expr: string, timezone = "UTC"): Cron {
  if (expr.trim().split(/\s+/).length !== 5) throw new Error(`cron "${expr}" needs 5 fields (minute hour day-of-month month day-of-week)`);
  // croner accepts any string as a zone and fails later; an unknown zone is refused here instead.
  if (!isTimeZone(timezone)) throw new Error(`timezone "${timezone}" is not an IANA time zone (e.g. "Europe/Berlin")`);
  try {
    // Classic cron: a restricted day-of-month and day-of-week match either way (domAndDow false).
    return new Cron(expr, { timezone, mode: "5-part", domAndDow: false, paused: true });
  } catch (error) {
    throw new Error(`cron "${expr}": ${(error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, "")}`);
  }
}

const MINUTE = 60_000;
const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);

/** Whether the minute containing `at` matches (the seconds of `at` do not matter). */
export function cronMatches(cron: Cron, at: Date): boolean {
  return cron.match(minuteOf(at));
}

/** Null when the window is well-formed, else what is wrong (for config validation and fail-closed checks). */
export function getFreezeWindowProblem(w: FreezeWindow): string | null {
  if (!w.cron && !w.from && !w.to) return `freeze window "${w.name}" needs cron, or from and to`;
  if ((w.from === undefined) !== (w.to === undefined)) return `freeze window "${w.name}" needs both from and to`;
  if (w.from !== undefined && Number.isNaN(Date.parse(w.from))) return `freeze window "${w.name}": from "${w.from}" is not an ISO date-time`;
  if (w.to !== undefined && Number.isNaN(Date.parse(w.to))) return `freeze window "${w.name}": to "${w.to}" is not an ISO date-time`;
  if (w.timezone !== undefined && !w.cron) return `freeze window "${w.name}": timezone applies to cron; from and to are instants`;
  if (w.cron) {
    try {
      parseCron(w.cron, w.timezone);
    } catch (error) {
      return `freeze window "${w.name}": ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}

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
    const cron = w.cron ? parseCron(w.cron, w.timezone) : null;
    if (!inEffect(w, cron, now)) continue;
    // The end is the first minute (in UTC instants, so DST needs no special case) out of the window.
    const start = minuteOf(now).getTime();
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
