import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { SourceUnavailableError } from "@/lib/http/errors";
import { log } from "@/lib/observability/log";

// Cost Explorer answers are cached in the database: every request costs $0.01 and billing data only
// changes a few times a day. One Snapshot row per normalised query (kind "costs", key = its hash);
// every billed request (each page, each retry) is one SourceRequest row.

export const COSTS_SNAPSHOT_KIND = "costs";
/** After a failed refresh, serve the last data for this long before asking again (throttling backs off). */
export const FAILURE_BACKOFF_MS = 5 * 60_000;

/** A cached answer and how old it is. `stale` when a refresh was due but failed. */
export type CostRead<T> = { data: T; fetchedAt: string; stale: boolean; error: string | null };

type Entry<T> = { query: Record<string, unknown>; result: T; failedAt?: string; error?: string };

/** Key-sorted JSON, so {a, b} and {b, a} are the same query. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function costCacheKey(source: string, query: Record<string, unknown>): string {
  return createHash("sha256").update(canonical({ source, ...query })).digest("hex").slice(0, 40);
}

export type CacheOptions = {
  source: string;
  query: Record<string, unknown>;
  refreshMs: number;
  now: number;
  /** Refetch even when the cached answer is young (admin refresh). */
  force?: boolean;
  /** Entries fetched before this instant are due (the last manual refresh). */
  dueBefore?: number;
};

/** Requests one fetch made, written once it ends (success or not). */
export type RequestLog = { record(operation: string): void };

const inFlight = new Map<string, Promise<CostRead<unknown>>>();

/**
 * Read-through cache: a young entry is served as is; an old one is refetched; when the refetch fails
 * (throttled after the client's backoff, denied, offline) the last data is served with its age and the
 * error, and no new attempt is made for FAILURE_BACKOFF_MS. With nothing cached the error is thrown.
 * Concurrent identical reads share one fetch.
 */
export async function readThroughCache<T>(opts: CacheOptions, fetch: (requests: RequestLog) => Promise<T>): Promise<CostRead<T>> {
  const key = costCacheKey(opts.source, opts.query);
  const pending = inFlight.get(key);
  if (pending) return pending as Promise<CostRead<T>>;
  const work = read(key, opts, fetch).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function read<T>(key: string, opts: CacheOptions, fetch: (requests: RequestLog) => Promise<T>): Promise<CostRead<T>> {
  const row = await db().snapshot.findUnique({ where: { kind_key: { kind: COSTS_SNAPSHOT_KIND, key } } });
  const cached = row ? { fetchedAt: row.fetchedAt, entry: row.data as Entry<T> } : null;
  if (cached && !opts.force) {
    const age = opts.now - cached.fetchedAt.getTime();
    const young = age < opts.refreshMs && !(opts.dueBefore !== undefined && cached.fetchedAt.getTime() < opts.dueBefore);
    if (young) return { data: cached.entry.result, fetchedAt: cached.fetchedAt.toISOString(), stale: false, error: null };
    const failedAt = cached.entry.failedAt ? Date.parse(cached.entry.failedAt) : NaN;
    if (opts.now - failedAt < FAILURE_BACKOFF_MS)
      return { data: cached.entry.result, fetchedAt: cached.fetchedAt.toISOString(), stale: true, error: cached.entry.error ?? null };
  }

  const operations: string[] = [];
  const started = Date.now();
  let result: T;
  try {
    result = await fetch({ record: (op) => operations.push(op) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordRequests(opts.source, operations, opts.now);
    await recordStatus(opts.source, opts, started, message);
    if (!cached) throw error instanceof SourceUnavailableError ? error : new SourceUnavailableError(`Cost source ${opts.source}: ${message}`);
    log.warn("cost refresh failed; serving cached data", { source: opts.source, error: message });
    const entry: Entry<T> = { ...cached.entry, failedAt: new Date(opts.now).toISOString(), error: message };
    await db().snapshot.update({ where: { kind_key: { kind: COSTS_SNAPSHOT_KIND, key } }, data: { data: entry as unknown as Prisma.InputJsonValue } });
    return { data: cached.entry.result, fetchedAt: cached.fetchedAt.toISOString(), stale: true, error: message };
  }
  await recordRequests(opts.source, operations, opts.now);
  const fetchedAt = new Date(opts.now);
  const entry: Entry<T> = { query: opts.query, result };
  const data = entry as unknown as Prisma.InputJsonValue;
  await db().snapshot.upsert({
    where: { kind_key: { kind: COSTS_SNAPSHOT_KIND, key } },
    create: { kind: COSTS_SNAPSHOT_KIND, key, source: opts.source, fetchedAt, data },
    update: { source: opts.source, fetchedAt, data },
  });
  await recordStatus(opts.source, opts, started, null);
  return { data: result, fetchedAt: fetchedAt.toISOString(), stale: false, error: null };
}

async function recordRequests(source: string, operations: string[], now: number): Promise<void> {
  if (operations.length === 0) return;
  const at = new Date(now);
  await db().sourceRequest.createMany({ data: operations.map((operation) => ({ source, operation, at })) });
}

/** The source's row on Settings → Sources ("<source>/costs"), so its failures and age show there too. */
async function recordStatus(source: string, opts: CacheOptions, started: number, error: string | null): Promise<void> {
  const name = `${source}/costs`;
  const now = new Date(opts.now);
  const durationMs = Date.now() - started;
  const intervalSec = Math.round(opts.refreshMs / 1000);
  await db().sourceStatus.upsert({
    where: { name },
    create: { name, kind: "cost-explorer", intervalSec },
    update: {},
  });
  await db().sourceStatus.update({
    where: { name },
    data: error
      ? { intervalSec, lastAttemptAt: now, lastErrorAt: now, lastError: error.slice(0, 2000), lastDurationMs: durationMs, consecutiveFailures: { increment: 1 }, runs: { increment: 1 }, errorCount: { increment: 1 } }
      : { intervalSec, lastAttemptAt: now, lastSuccessAt: now, lastDurationMs: durationMs, consecutiveFailures: 0, runs: { increment: 1 } },
  });
}

/** Billed requests since the first of `now`'s UTC month. */
export async function countRequestsThisMonth(source: string, now: number): Promise<number> {
  const d = new Date(now);
  const since = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  return db().sourceRequest.count({ where: { source, at: { gte: since } } });
}

/** How many answers are cached and when the newest was fetched. */
export async function getCacheStats(source: string): Promise<{ entries: number; newest: string | null; oldest: string | null }> {
  const agg = await db().snapshot.aggregate({ where: { kind: COSTS_SNAPSHOT_KIND, source }, _count: { _all: true }, _max: { fetchedAt: true }, _min: { fetchedAt: true } });
  return { entries: agg._count._all, newest: agg._max.fetchedAt?.toISOString() ?? null, oldest: agg._min.fetchedAt?.toISOString() ?? null };
}
