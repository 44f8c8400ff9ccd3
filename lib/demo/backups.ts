import { rand } from "./prng";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo fleet's nightly backups: each stateful service backs up once a day between 01:00 and
 * 02:30 UTC (a fixed minute per service), so the last success is a pure function of time.
 */
export function getDemoLastBackupAt(seed: number, service: string, now: number): string {
  const offset = HOUR + Math.floor(rand(seed, "backup", service) * 90) * 60_000;
  let at = Math.floor(now / DAY) * DAY + offset;
  if (at > now) at -= DAY;
  return new Date(at).toISOString();
}
