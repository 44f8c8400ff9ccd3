import "server-only";
import { NO_DATABASE_MARK } from "./version-marks";
import { createHash } from "node:crypto";
import { getConfig, getConfigState } from "@/lib/config/store";
import { getConsoleState } from "@/lib/console/state";
import { classifyDbError } from "@/lib/db/errors";
import { sqlQuery, utc } from "@/lib/db/sql";
import { dropRecentReads, recently } from "@/lib/live/recently";
import { getConfiguredJobNames, getJobStaleAfterMs, isStale } from "@/lib/snapshots/freshness";

export type DataVersion = {
  version: string;
  auditSeq: number;
  /** The newest collection (any source): pages say "collecting…" until one lands after a scenario switch. */
  collectedAt: string | null;
  attemptedAt: string | null;
  modelsAt: string | null;
  /**
   * The latest moment a source's data grew older than its staleness threshold with nothing written (its
   * collector stopped): stored models computed before it still call that source fresh, so readers
   * recompute them (lib/read-models/refresh.ts). Null while no source went stale that way.
   */
  agedOutAt: string | null;
};

type SourceRow = { name: string; kind: string; intervalSec: number; lastSuccessAt: string | null; lastTakenAt: string | null; consecutiveFailures: number; lastError: string | null };

/**
 * "Has anything a page shows changed?", from what pages show rather than when it was read: the newest
 * audit row (every action, failover, apply and scenario switch writes one), the content hash of every
 * snapshot and read model (values without the times of their reading: lib/live/content-hash.ts),
 * which sources are stale or failing now, whether a collection landed since the last action (the
 * "collecting…" badge), and the configuration in force. A collection that stores the same values moves none of them; open pages
 * then keep their render and show ages from absolute timestamps. A source whose collector stopped
 * writes nothing, so its staleness is judged here against the clock: the version moves the moment
 * it goes stale, never showing unknown as fine. Open pages poll this every few seconds (shared for a
 * second per process) and re-render only when it moves.
 */
export async function getDataVersion(now = Date.now()): Promise<Readonly<DataVersion>> {
  // Plain SQL on the pool, one statement: every open page asks this every few seconds (no query compilation per ask).
  let rows;
  try {
    rows = await sqlQuery<{
      auditSeq: number | null;
      auditAt: Date | null;
      collectedAt: Date | null;
      attemptedAt: Date | null;
      modelsAt: Date | null;
      snapshots: string | null;
      models: string | null;
      sources: SourceRow[] | null;
    }>(
      `SELECT (SELECT max("seq") FROM "AuditEvent")::int AS "auditSeq",
              (SELECT ${utc("at")} FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1) AS "auditAt",
              (SELECT max(${utc("fetchedAt")}) FROM "Snapshot") AS "collectedAt",
              (SELECT max(${utc("lastAttemptAt")}) FROM "SourceStatus") AS "attemptedAt",
              (SELECT max(${utc("computedAt")}) FROM "ReadModelState") AS "modelsAt",
              (SELECT md5(string_agg("kind" || '/' || "key" || '=' || coalesce("contentHash", "fetchedAt"::text), ',' ORDER BY "kind", "key")) FROM "Snapshot") AS "snapshots",
              (SELECT md5(string_agg("model" || '=' || coalesce("contentHash", "computedAt"::text), ',' ORDER BY "model")) FROM "ReadModelState") AS "models",
              (SELECT json_agg(json_build_object('name', "name", 'kind', "kind", 'intervalSec', "intervalSec", 'lastSuccessAt', ${utc("lastSuccessAt")}, 'lastTakenAt', ${utc("lastTakenAt")},
                                                 'consecutiveFailures', "consecutiveFailures", 'lastError', "lastError") ORDER BY "name") FROM "SourceStatus") AS "sources"`,
    );
  } catch (error) {
    // The database is dark: the version last seen here, marked, so open pages re-render once to say so.
    if (lastSeen.answer && classifyDbError(error) === "unreachable") return Object.freeze({ ...lastSeen.answer, version: `${lastSeen.answer.version}${NO_DATABASE_MARK}` });
    throw error;
  }
  const [row] = rows;
  const auditSeq = row?.auditSeq ?? 0;
  const collectedAt = row?.collectedAt?.toISOString() ?? null;
  const attemptedAt = row?.attemptedAt?.toISOString() ?? null;
  const modelsAt = row?.modelsAt?.toISOString() ?? null;
  const sources = judgeSources(row?.sources ?? [], now, await getConfiguredJobNames());
  // Once per action: whether the newest collection is older than it (a scenario switch waits for one).
  const collectedSinceAction = collectedAt !== null && (row?.auditAt == null || Date.parse(collectedAt) >= row.auditAt.getTime());
  const content = createHash("sha1")
    .update(JSON.stringify([row?.snapshots ?? null, row?.models ?? null, sources.said, collectedSinceAction, configSaid(), consoleSaid()]))
    .digest("base64url")
    .slice(0, 20);
  const version = `${auditSeq}.${content}`;
  // Another process changed something: this process's shared reads may predate it. Dropping them
  // means a page that read this version first renders what the version says (or newer), and its
  // live poll, which starts from that version, refreshes it when anything moves after.
  if (lastSeen.version !== undefined && lastSeen.version !== version) dropRecentReads();
  lastSeen.version = version;
  // Frozen: shared by every poll of the next second, serialized and hashed once (lib/http/etag.ts).
  lastSeen.answer = Object.freeze({ version, auditSeq, collectedAt, attemptedAt, modelsAt, agedOutAt: sources.agedOutAt });
  return lastSeen.answer;
}

// The configuration in force (names, regions, thresholds) and a refused reload's issues, hashed once per
// load. Contents, not load times: every replica reading the same file must say the same version.
const configHashes = new WeakMap<object, string>();
function configSaid(): string {
  const state = getConfigState();
  let hash = configHashes.get(state);
  if (!hash) configHashes.set(state, (hash = createHash("sha1").update(state.text ?? JSON.stringify(state.config)).digest("base64url")));
  return state.rejected ? `${hash}:${createHash("sha1").update(JSON.stringify(state.rejected.issues)).digest("base64url")}` : hash;
}

/**
 * What the shell's banner says of this console (lib/console/banner.ts): standby, superseded, a dark
 * primary offering the takeover, the replica's lag in 5 s steps. A shared copy must not outlive it.
 */
function consoleSaid(): string {
  const s = getConsoleState();
  const lag = s.replica?.lagSeconds;
  return [s.mode, s.supersededBy?.epoch ?? "", s.database.state, s.replica ? `${s.replica.primaryReachable}:${lag === null || lag === undefined ? "?" : Math.round(lag / 5)}` : ""].join(":");
}

/** What pages say about each source (stale, failing and why, retired) and when the last one went stale by age alone. */
function judgeSources(rows: SourceRow[], now: number, current: Set<string>): { said: string[]; agedOutAt: string | null } {
  const config = getConfig();
  let agedOut: number | null = null;
  const said = rows.map((r) => {
    if (!current.has(r.name)) return `${r.name}:retired`;
    const staleAfter = getJobStaleAfterMs(r, config);
    const lastSuccessAt = r.lastSuccessAt ? new Date(r.lastSuccessAt) : null;
    const lastTakenAt = r.lastTakenAt ? new Date(r.lastTakenAt) : null;
    const stale = isStale({ lastSuccessAt, lastTakenAt, consecutiveFailures: r.consecutiveFailures }, staleAfter, now);
    if (stale && lastSuccessAt && r.consecutiveFailures === 0) {
      const at = Math.min(lastSuccessAt.getTime(), (lastTakenAt ?? lastSuccessAt).getTime()) + staleAfter;
      agedOut = Math.max(agedOut ?? at, at);
    }
    return `${r.name}:${stale ? "stale" : "fresh"}${r.consecutiveFailures > 0 ? `:${r.consecutiveFailures}:${r.lastError ?? ""}` : ""}`;
  });
  return { said, agedOutAt: agedOut === null ? null : new Date(agedOut).toISOString() };
}

/** The version as this process saw it within the last second (what pages start polling from and copies are keyed by). */
export function getRecentDataVersion(): Promise<Readonly<DataVersion>> {
  return recently("data-version", () => getDataVersion());
}

const lastSeen = ((globalThis as unknown as { meridianDataVersion?: { version?: string; answer?: Readonly<DataVersion> } }).meridianDataVersion ??= {});

/** True while no collection has finished since `since` (a scenario switch, a refresh): pages say "collecting…". */
export function isCollectingSince(version: DataVersion, since: string | Date): boolean {
  return version.collectedAt === null || Date.parse(version.collectedAt) < new Date(since).getTime();
}
