import "server-only";
import type { SourceStatus } from "@/generated/prisma/client";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { reader } from "@/lib/db/client";
import { providerSlot } from "@/lib/registry/slot";

export type SourceHealth = {
  name: string;
  kind: string;
  intervalSec: number;
  lastSuccessAt: string | null;
  /** When the newest data of the last success was taken at the source (may be older than lastSuccessAt). */
  lastTakenAt: string | null;
  lastAttemptAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  consecutiveFailures: number;
  runs: number;
  errorCount: number;
  stale: boolean;
  /** Age of the data itself (from lastTakenAt, else lastSuccessAt), seconds. */
  ageSec: number | null;
  /** How old this source's data may get before it is stale, seconds. */
  staleAfterSec: number;
  /** Set while stale: the time of the last data everything this job feeds has ("no data since T"). */
  noDataSince: string | null;
  /**
   * No job of that name is configured any more (a removed source or cluster, an older job layout):
   * its row is history, and neither it nor its snapshots count as current or stale data.
   */
  retired: boolean;
};

/** RDS and Aurora metrics reach CloudWatch minutes late: a shorter threshold would call them dark all the time. */
export const CLOUDWATCH_STALE_AFTER_MS = 5 * 60_000;

/**
 * How old a source's data may get: its own `staleAfter`, else `multiplier` intervals (the
 * configuration's global `staleAfter`, default 2); CloudWatch never under 5 minutes.
 */
export function getStaleAfterMs(source: Pick<SourceConfig, "kind" | "interval" | "staleAfter">, multiplier = 2): number {
  if (source.staleAfter) return source.staleAfter;
  const byInterval = multiplier * source.interval;
  return source.kind === "cloudwatch" ? Math.max(CLOUDWATCH_STALE_AFTER_MS, byInterval) : byInterval;
}

type StatusRow = { name: string; kind: string; intervalSec: number; lastSuccessAt: Date | null; lastTakenAt?: Date | null; consecutiveFailures: number };

/** The staleness threshold of a job (named "<source>/<domain>/<key>"), from its source's configuration. */
export function getJobStaleAfterMs(row: Pick<StatusRow, "name" | "kind" | "intervalSec">, config: Pick<MeridianConfig, "sources" | "staleAfter">): number {
  const source = config.sources.find((s) => s.name === row.name.split("/")[0]);
  // A job whose source left the configuration: judge it by the interval it last ran at.
  return getStaleAfterMs(source ?? { kind: row.kind as SourceConfig["kind"], interval: row.intervalSec * 1000 }, config.staleAfter);
}

/**
 * A job's data is stale when it never succeeded, its last attempt failed (the source missed its
 * interval: that is known at once, not staleAfter later), its last success is older than
 * staleAfter (nobody collects), or the data it got was already older than that when read.
 */
export function isStale(row: Pick<StatusRow, "lastSuccessAt" | "lastTakenAt" | "consecutiveFailures">, staleAfterMs: number, now = Date.now()): boolean {
  if (!row.lastSuccessAt) return true;
  if (row.consecutiveFailures > 0) return true;
  if (now - row.lastSuccessAt.getTime() > staleAfterMs) return true;
  return now - (row.lastTakenAt ?? row.lastSuccessAt).getTime() > staleAfterMs;
}

/** What freshness asks the composition root for: the jobs a configuration defines (the root knows every domain's collector). */
export type CollectionProviders = { jobNames(config: MeridianConfig): string[] };

const collection = providerSlot<CollectionProviders>("collection");
const jobNamesByConfig = new WeakMap<object, Set<string>>();

/** The names of the collection jobs the configuration in force defines (cached per configuration). */
export async function getConfiguredJobNames(config: MeridianConfig = getConfig()): Promise<Set<string>> {
  let names = jobNamesByConfig.get(config);
  if (!names) {
    names = new Set((await collection(config)).jobNames(config));
    jobNamesByConfig.set(config, names);
  }
  return names;
}

export function toSourceHealth(row: SourceStatus, staleAfterMs: number, now: number, retired = false): SourceHealth {
  const dataAt = row.lastTakenAt ?? row.lastSuccessAt;
  const stale = isStale(row, staleAfterMs, now);
  return {
    name: row.name,
    kind: row.kind,
    intervalSec: row.intervalSec,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    lastTakenAt: row.lastTakenAt?.toISOString() ?? null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    consecutiveFailures: row.consecutiveFailures,
    runs: row.runs,
    errorCount: row.errorCount,
    stale,
    ageSec: dataAt ? Math.max(0, Math.round((now - dataAt.getTime()) / 1000)) : null,
    staleAfterSec: Math.round(staleAfterMs / 1000),
    noDataSince: stale ? (dataAt?.toISOString() ?? null) : null,
    retired,
  };
}

export async function listSourceHealth(now = Date.now()): Promise<SourceHealth[]> {
  const config = getConfig();
  const rows = await reader().sourceStatus.findMany({ orderBy: { name: "asc" } });
  const current = await getConfiguredJobNames(config);
  return rows.map((r) => toSourceHealth(r, getJobStaleAfterMs(r, config), now, !current.has(r.name)));
}

/** What every API response carries: when its data was fetched and which sources are stale. */
export type Freshness = { fetchedAt: string | null; staleSources: Array<{ name: string; since: string | null; error: string | null }> };

/** Freshness of the jobs of some domains (the second part of a job's name), from already loaded health rows. */
export function freshnessOf(health: SourceHealth[], domains: string[]): Freshness {
  const mine = health.filter((s) => !s.retired && domains.includes(s.name.split("/")[1]));
  const fetched = mine.map((s) => s.lastTakenAt ?? s.lastSuccessAt).filter((x): x is string => !!x).sort();
  return {
    fetchedAt: fetched.length ? fetched[0] : null,
    staleSources: mine.filter((s) => s.stale).map((s) => ({ name: s.name, since: s.noDataSince, error: s.lastError })),
  };
}

export async function freshnessFor(domain: string): Promise<Freshness> {
  return freshnessOf(await listSourceHealth(), [domain]);
}
