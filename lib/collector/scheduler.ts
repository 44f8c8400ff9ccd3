import "server-only";
import { hostname } from "node:os";
import { getConfigState } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { collectorDomains } from "./domains";
import { runJob } from "./run-job";
import type { CollectionJob } from "./types";

type SchedulerState = {
  owner: string;
  timer?: NodeJS.Timeout;
  jobs: CollectionJob[];
  configLoadedAt?: Date;
  nextDue: Map<string, number>;
  running: Set<string>;
  heartbeatAt: number;
};

const holder = globalThis as unknown as { meridianCollector?: SchedulerState };

export function collectorOwner(): string {
  return getEnv().MERIDIAN_INSTANCE_ID ?? `${hostname()}-${process.pid}`;
}

export function buildJobs(): CollectionJob[] {
  const { config } = getConfigState();
  return collectorDomains.flatMap((d) => d.jobsFor(config));
}

function tick(state: SchedulerState) {
  state.heartbeatAt = Date.now();
  const { loadedAt } = getConfigState();
  if (state.configLoadedAt !== loadedAt) {
    state.jobs = buildJobs();
    state.configLoadedAt = loadedAt;
  }
  const now = Date.now();
  for (const job of state.jobs) {
    if (state.running.has(job.name) || (state.nextDue.get(job.name) ?? 0) > now) continue;
    state.running.add(job.name);
    state.nextDue.set(job.name, now + job.intervalMs);
    // Each job runs on its own: a slow or failing source never holds up another.
    void runJob(job, state.owner)
      .catch((error) => log.error("collector job crashed", { job: job.name, error: String(error) }))
      .finally(() => state.running.delete(job.name));
  }
}

export function startCollector(): void {
  if (holder.meridianCollector?.timer) return;
  const state: SchedulerState = { owner: collectorOwner(), jobs: [], nextDue: new Map(), running: new Set(), heartbeatAt: Date.now() };
  holder.meridianCollector = state;
  state.timer = setInterval(() => {
    try {
      tick(state);
    } catch (error) {
      log.error("collector tick failed", { error: String(error) });
    }
  }, 1000);
  state.timer.unref();
  tick(state);
  log.info("collector started", { owner: state.owner, jobs: state.jobs.length });
}

/** Stops collecting here (a console that stood down: superseded by a takeover elsewhere). */
export function stopCollector(): void {
  const s = holder.meridianCollector;
  if (s?.timer) clearInterval(s.timer);
  holder.meridianCollector = undefined;
}

/** Alive when the scheduler ticked in the last 10 s; "off" when this instance does not collect. */
export function collectorHealth(): { state: "alive" | "stalled" | "off"; heartbeatAt: string | null; jobs: number } {
  const s = holder.meridianCollector;
  if (!s) return { state: "off", heartbeatAt: null, jobs: 0 };
  return { state: Date.now() - s.heartbeatAt < 10_000 ? "alive" : "stalled", heartbeatAt: new Date(s.heartbeatAt).toISOString(), jobs: s.jobs.length };
}

export type CollectionHealth = { state: "alive" | "stalled" | "off"; heartbeatAt: string | null; jobs: number; by: "this process" | "another process" | "nobody" };

/**
 * This process's collector; where this process does not collect (a web process or web replica),
 * whether another one does: some source was attempted within twice its interval (plus 10 s of slack).
 * Only this process's own stalled collector makes it unhealthy; a web process whose collection runs
 * elsewhere says so, and says "stalled" (not alive) when nobody has collected lately.
 */
export async function collectionHealth(): Promise<CollectionHealth> {
  const own = collectorHealth();
  if (own.state !== "off") return { ...own, by: "this process" };
  const [newest] = await db().$queryRaw<Array<{ at: Date | null; fresh: boolean }>>`
    SELECT max("lastAttemptAt") AS at,
           coalesce(bool_or("lastAttemptAt" > now() - make_interval(secs => 2 * "intervalSec" + 10)), false) AS fresh
    FROM "SourceStatus"`;
  if (!newest?.at) return { state: "off", heartbeatAt: null, jobs: 0, by: "nobody" };
  return { state: newest.fresh ? "alive" : "stalled", heartbeatAt: newest.at.toISOString(), jobs: 0, by: "another process" };
}

/** Collects every job now (admin "refresh", first start, tests). */
export async function collectAllNow(filter?: (job: CollectionJob) => boolean) {
  const jobs = buildJobs().filter(filter ?? (() => true));
  const owner = holder.meridianCollector?.owner ?? collectorOwner();
  return Promise.all(jobs.map((job) => runJob(job, owner, { force: true })));
}
