import { z } from "zod";

// Shared zod pieces for numbers and times that arrive as query text. Without bounds a value passes
// zod and then fails in PostgreSQL (integer columns are int4; timestamps outside what JS and
// Prisma round-trip), which surfaced as a 500 instead of a 400.

export const INT32_MAX = 2_147_483_647;

/** An integer from a query string (or a number from code), within PostgreSQL's int4 unless narrower. */
export function queryInt(min: number, max = INT32_MAX) {
  return z.coerce
    .number()
    .int()
    .min(Math.max(min, -INT32_MAX - 1))
    .max(Math.min(max, INT32_MAX));
}

/** Times are accepted between these instants: 1970 through 9999, UTC. */
export const EARLIEST_TIME = new Date("1970-01-01T00:00:00.000Z");
export const LATEST_TIME = new Date("9999-12-31T23:59:59.999Z");

/** An ISO time from a query string (or a Date from code), within 1970–9999. */
export function queryDate() {
  return z.coerce
    .date({ message: "use an ISO time such as 2025-01-31T12:00:00Z" })
    .min(EARLIEST_TIME, { message: "times before 1970 are not accepted" })
    .max(LATEST_TIME, { message: "times after the year 9999 are not accepted" });
}
