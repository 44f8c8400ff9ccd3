// What a database failure means for a caller, read from the error PostgreSQL, pg or Prisma raised.

/** What a database failure means for the caller: a competitor's lock, no connection in time, or something else. */
export function classifyDbError(error: unknown): "lock-timeout" | "busy" | "unreachable" | "read-only" | null {
  const text = describe(error);
  if (/MERIDIAN_DB_UNREACHABLE|ECONNREFUSED|Connection terminated|connection timeout|Query read timeout/i.test(text)) return "unreachable";
  if (/25006|read-only transaction/i.test(text)) return "read-only";
  if (/55P03|lock timeout|could not obtain lock/i.test(text)) return "lock-timeout";
  if (/P2028|P1001|P1008|57014|timeout exceeded when trying to connect|Unable to start a transaction|expired transaction|Transaction already closed|statement timeout/i.test(text)) return "busy";
  return null;
}

function describe(error: unknown, depth = 0): string {
  if (!error || typeof error !== "object" || depth > 3) return String(error ?? "");
  const e = error as { code?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
  return [e.code, e.message, e.meta ? JSON.stringify(e.meta) : "", describe(e.cause, depth + 1)].filter(Boolean).join(" ");
}
