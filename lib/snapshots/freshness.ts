import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";

export type SourceHealth = {
  name: string;
  kind: string;
  intervalSec: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  consecutiveFailures: number;
  runs: number;
  errorCount: number;
  stale: boolean;
  ageSec: number | null;
};

/** A source is stale when its last attempt failed or its last success is older than staleAfter intervals. */
export function isStale(row: { lastSuccessAt: Date | null; consecutiveFailures: number; intervalSec: number }, staleAfter: number, now = Date.now()): boolean {
  if (!row.lastSuccessAt) return true;
  if (row.consecutiveFailures > 0) return true;
  return now - row.lastSuccessAt.getTime() > row.intervalSec * 1000 * staleAfter;
}

export async function listSourceHealth(): Promise<SourceHealth[]> {
  const staleAfter = getConfig().staleAfter;
  const rows = await db().sourceStatus.findMany({ orderBy: { name: "asc" } });
  const now = Date.now();
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    intervalSec: r.intervalSec,
    lastSuccessAt: r.lastSuccessAt?.toISOString() ?? null,
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    lastErrorAt: r.lastErrorAt?.toISOString() ?? null,
    lastError: r.lastError,
    lastDurationMs: r.lastDurationMs,
    consecutiveFailures: r.consecutiveFailures,
    runs: r.runs,
    errorCount: r.errorCount,
    stale: isStale(r, staleAfter, now),
    ageSec: r.lastSuccessAt ? Math.round((now - r.lastSuccessAt.getTime()) / 1000) : null,
  }));
}

/** What every API response carries: when its data was fetched and which sources are stale. */
export type Freshness = { fetchedAt: string | null; staleSources: Array<{ name: string; since: string | null; error: string | null }> };

export async function freshnessFor(domain: string): Promise<Freshness> {
  const all = await listSourceHealth();
  const mine = all.filter((s) => s.name.split("/")[1] === domain);
  const fetched = mine.map((s) => s.lastSuccessAt).filter((x): x is string => !!x).sort();
  return {
    fetchedAt: fetched.length ? fetched[0] : null,
    staleSources: mine.filter((s) => s.stale).map((s) => ({ name: s.name, since: s.lastSuccessAt, error: s.lastError })),
  };
}
