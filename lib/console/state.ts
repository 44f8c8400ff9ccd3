import "server-only";
import pg from "pg";
import { cut, getDatabaseState, type DatabaseState } from "@/lib/db/breaker";
import { dbUrl, decisionDb } from "@/lib/db/client";
import { getConsoleEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { observeConsole } from "@/lib/observability/metrics";
import { EPOCH_KEY, FENCE_KEY, lsnBytes, readEpoch, readFence, type ConsoleEpoch, type ConsoleFence } from "./epoch";

/**
 * What this console is, as last observed (every 2 s, and before any decision when older than that):
 * - primary: it decides;
 * - standby: its database is a streaming replica (in recovery); it serves reads and refuses decisions;
 * - superseded: another console took over at a higher epoch (its peer says so, or the new primary
 *   fenced this database); it refuses every decision until an operator makes it rejoin as a replica.
 * Observations, not work in flight: every replica derives the same answer from the database and its peer.
 */
export type ConsoleMode = "primary" | "standby" | "superseded";

export type PeerView = { url: string; reachable: boolean; region: string | null; mode: ConsoleMode | null; epoch: number | null; checkedAt: string; error: string | null };

export type ConsoleState = {
  mode: ConsoleMode;
  region: string | null;
  epoch: ConsoleEpoch | null;
  /** Set when superseded: who took over, where and when. */
  supersededBy: { region: string | null; epoch: number; at: string; by: string | null } | null;
  peer: PeerView | null;
  /** On a standby: how far its replica is behind the primary's database. */
  replica: { replayedAt: string | null; lagSeconds: number | null; lagBytes: number | null; primaryReachable: boolean; primaryCheckedAt: string | null; primaryLastSeenAt: string | null } | null;
  database: DatabaseState;
  checkedAt: string | null;
};

type Facts = { inRecovery: boolean; replayedAt: Date | null; received: string | null; replayed: string | null; epoch: unknown; fence: unknown; now: Date };

const REFRESH_EVERY_MS = 2_000;
const OUTSIDE_TIMEOUT_MS = 1_000;

type Holder = { state: ConsoleState; timer?: NodeJS.Timeout; refreshing?: Promise<ConsoleState>; primary?: pg.Client; primaryLastSeenAt: string | null; primaryLsn: bigint | null; fencedEpoch?: number; listeners: Set<(s: ConsoleState) => void> };
const holder = globalThis as unknown as { meridianConsole?: Holder };

function initial(): ConsoleState {
  const env = getConsoleEnv();
  return { mode: env.MERIDIAN_STANDBY_OF ? "standby" : "primary", region: env.MERIDIAN_CONSOLE_REGION ?? null, epoch: null, supersededBy: null, peer: null, replica: null, database: { state: "ok", since: null, lastOkAt: null, error: null }, checkedAt: null };
}

function h(): Holder {
  holder.meridianConsole ??= { state: initial(), primaryLastSeenAt: null, primaryLsn: null, listeners: new Set() };
  return holder.meridianConsole;
}

/** The console's state as last observed (a standby is a standby from its first moment: its env says so). */
export function getConsoleState(): ConsoleState {
  const current = h().state;
  const url = dbUrl();
  return url ? { ...current, database: getDatabaseState(url) } : current;
}

/** Called with every new observation (the background process starts or stops its work on a change of mode). */
export function onConsoleState(listener: (s: ConsoleState) => void): () => void {
  h().listeners.add(listener);
  return () => h().listeners.delete(listener);
}

/** Observes every 2 s from now on (once per process). */
export function watchConsole(): void {
  const own = h();
  if (own.timer) return;
  own.timer = setInterval(() => void refreshConsoleState().catch(() => undefined), REFRESH_EVERY_MS);
  own.timer.unref();
  void refreshConsoleState().catch(() => undefined);
}

/** The state no older than maxAgeMs: decisions ask for a fresh one (a console that was stopped must look again). */
export async function freshConsoleState(maxAgeMs = REFRESH_EVERY_MS + 500): Promise<ConsoleState> {
  const s = h().state;
  if (s.checkedAt && Date.now() - Date.parse(s.checkedAt) <= maxAgeMs) return getConsoleState();
  return refreshConsoleState();
}

export function refreshConsoleState(): Promise<ConsoleState> {
  const own = h();
  own.refreshing ??= observe()
    .then((next) => {
      const before = own.state.mode;
      own.state = next;
      if (before !== next.mode) log.warn("console mode changed", { from: before, to: next.mode, epoch: next.epoch?.epoch ?? null });
      observeConsole({ mode: next.mode, epoch: next.epoch?.epoch ?? null, replicaLagSeconds: next.replica?.lagSeconds ?? null });
      for (const l of own.listeners) l(next);
      return getConsoleState();
    })
    .finally(() => (own.refreshing = undefined));
  return own.refreshing;
}

async function observe(): Promise<ConsoleState> {
  const env = getConsoleEnv();
  const own = h();
  const now = new Date();
  const previous = own.state;
  const [facts, peer] = await Promise.all([readFacts().catch(() => null), env.MERIDIAN_PEER_URL ? askPeer(env.MERIDIAN_PEER_URL) : Promise.resolve(null)]);
  const url = dbUrl();
  const database = url ? getDatabaseState(url) : previous.database;
  // Without an answer from the database the mode stays as last known (a standby stays a standby).
  if (!facts) return { ...previous, peer, database, checkedAt: now.toISOString() };
  const epoch = readEpoch(facts.epoch);
  const fence = readFence(facts.fence);
  let mode: ConsoleMode = facts.inRecovery ? "standby" : "primary";
  let supersededBy: ConsoleState["supersededBy"] = null;
  if (!facts.inRecovery) {
    if (fence && fence.epoch > epoch.epoch) supersededBy = { region: fence.region, epoch: fence.epoch, at: fence.at, by: fence.by };
    else if (peer?.reachable && peer.mode === "primary" && peer.epoch !== null && peer.epoch > epoch.epoch) supersededBy = { region: peer.region, epoch: peer.epoch, at: peer.checkedAt, by: null };
    if (supersededBy) mode = "superseded";
  }
  const replica = facts.inRecovery && env.MERIDIAN_STANDBY_OF ? await replicaLag(env.MERIDIAN_STANDBY_OF, facts) : null;
  if (mode === "primary" && env.MERIDIAN_STANDBY_OF && epoch.epoch > 1 && own.fencedEpoch !== epoch.epoch) await fenceOldPrimary(env.MERIDIAN_STANDBY_OF, epoch);
  return { mode, region: env.MERIDIAN_CONSOLE_REGION ?? epoch.region, epoch, supersededBy, peer, replica, database, checkedAt: now.toISOString() };
}

// On the decision pool: a decision asks this first, and a crowd of readers must not hold it up.
async function readFacts(): Promise<Facts> {
  const [row] = await decisionDb().$queryRawUnsafe<Facts[]>(
    `SELECT pg_is_in_recovery() AS "inRecovery", pg_last_xact_replay_timestamp() AS "replayedAt",
            pg_last_wal_receive_lsn()::text AS "received", pg_last_wal_replay_lsn()::text AS "replayed", now() AS "now",
            (SELECT "value" FROM "Setting" WHERE "key" = $1) AS "epoch", (SELECT "value" FROM "Setting" WHERE "key" = $2) AS "fence"`,
    EPOCH_KEY,
    FENCE_KEY,
  );
  return row;
}

async function askPeer(url: string): Promise<PeerView> {
  const checkedAt = new Date().toISOString();
  try {
    const res = await fetch(new URL("/api/v1/console", url), { signal: AbortSignal.timeout(OUTSIDE_TIMEOUT_MS), headers: { accept: "application/json" } });
    if (!res.ok) return { url, reachable: false, region: null, mode: null, epoch: null, checkedAt, error: `HTTP ${res.status}` };
    const body = (await res.json()) as { region?: string | null; mode?: ConsoleMode; epoch?: number | null };
    return { url, reachable: true, region: body.region ?? null, mode: body.mode ?? null, epoch: typeof body.epoch === "number" ? body.epoch : null, checkedAt, error: null };
  } catch (error) {
    return { url, reachable: false, region: null, mode: null, epoch: null, checkedAt, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One connection to the primary's database, remade after any failure; every use is bounded to 1 s. */
async function primaryQuery<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const own = h();
  try {
    if (!own.primary) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: OUTSIDE_TIMEOUT_MS, query_timeout: OUTSIDE_TIMEOUT_MS });
      client.on("error", () => undefined);
      own.primary = client;
      await client.connect();
    }
    return (await own.primary.query<R>(text, values)).rows;
  } catch (error) {
    const dead = own.primary;
    own.primary = undefined;
    cut(dead);
    throw error;
  }
}

async function replicaLag(primaryUrl: string, facts: Facts): Promise<NonNullable<ConsoleState["replica"]>> {
  const own = h();
  const checkedAt = new Date().toISOString();
  let reachable = false;
  try {
    const [row] = await primaryQuery<{ lsn: string }>(primaryUrl, `SELECT pg_current_wal_lsn()::text AS "lsn"`);
    own.primaryLsn = lsnBytes(row?.lsn);
    own.primaryLastSeenAt = checkedAt;
    reachable = true;
  } catch {
    // The primary is dark: the lag is as of the last time it answered, and growing.
  }
  const replayed = lsnBytes(facts.replayed);
  const bytes = own.primaryLsn !== null && replayed !== null ? Number(own.primaryLsn > replayed ? own.primaryLsn - replayed : 0n) : null;
  const replayedAt = facts.replayedAt ? new Date(facts.replayedAt) : null;
  // Nothing left to replay: as current as the primary. Otherwise the age of the newest replayed transaction.
  const lagSeconds = bytes === 0 ? 0 : replayedAt ? Math.max(0, (facts.now.getTime() - replayedAt.getTime()) / 1000) : null;
  return { replayedAt: replayedAt?.toISOString() ?? null, lagSeconds, lagBytes: bytes, primaryReachable: reachable, primaryCheckedAt: checkedAt, primaryLastSeenAt: own.primaryLastSeenAt };
}

/** After a takeover: once the old primary's database answers again, mark it superseded so nothing is decided there. */
async function fenceOldPrimary(oldUrl: string, epoch: ConsoleEpoch): Promise<void> {
  const own = h();
  try {
    const [row] = await primaryQuery<{ inRecovery: boolean }>(oldUrl, `SELECT pg_is_in_recovery() AS "inRecovery"`);
    if (row?.inRecovery) {
      // It rejoined as a replica (of us): nothing to fence.
      own.fencedEpoch = epoch.epoch;
      return;
    }
    const fence: ConsoleFence = { epoch: epoch.epoch, region: epoch.region, at: epoch.since, by: epoch.by };
    await primaryQuery(
      oldUrl,
      `INSERT INTO "Setting" ("key", "value", "updatedAt", "updatedBy") VALUES ($1, $2::jsonb, now(), $3)
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now(), "updatedBy" = EXCLUDED."updatedBy"`,
      [FENCE_KEY, JSON.stringify(fence), `takeover:${epoch.region ?? "?"}`],
    );
    own.fencedEpoch = epoch.epoch;
    log.warn("fenced the old primary's database", { epoch: epoch.epoch });
  } catch {
    // Still dark; tried again at the next observation.
  }
}
