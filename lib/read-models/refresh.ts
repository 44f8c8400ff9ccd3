import { getConsoleState } from "@/lib/console/state";
import { getRecentDataVersion } from "@/lib/live/data-version";
import { log } from "@/lib/observability/log";
import { READ_MODELS, type ReadModelName } from "./models";
import { loadReadModel, loadReadModelPage, readModelState, saveReadModel, type StoredModel } from "./store";

/** A model older than this is recomputed on read: if no trigger fired (every collector stopped), pages still never show old data as current. */
export const MAX_MODEL_AGE_MS = 60_000;
const COALESCE_MS = 300;
// At most one refresh per process in this gap: a fleet of thousands of services finishes dozens of
// collection jobs per interval, and recomputing every model after each one kept the process busy.
// A slow refresh widens the gap (twice its duration, up to 15 s), so refreshing takes at most about a
// third of the process on a large fleet while pages still follow within seconds.
const MIN_GAP_MS = 5_000;
const MAX_GAP_MS = 15_000;
export const refreshGapMs = (lastDurationMs: number) => Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, 2 * lastDurationMs));

async function computeAndSave(name: ReadModelName, reason: string): Promise<void> {
  const started = performance.now();
  const out = await READ_MODELS[name]();
  await saveReadModel(name, out.rows, out.meta, reason, Math.round(performance.now() - started), new Date(), out.metaAsOf);
}

type RefreshState = { timer: NodeJS.Timeout | null; running: Promise<void> | null; again: boolean; reasons: Set<string>; lastEndedAt: number; lastDurationMs: number };
const holder = globalThis as unknown as { meridianReadModelRefresh?: RefreshState };
const state = () => (holder.meridianReadModelRefresh ??= { timer: null, running: null, again: false, reasons: new Set(), lastEndedAt: 0, lastDurationMs: 0 });

/** Recomputes every read model now (each on its own: one failing domain never blocks the others). */
export async function refreshReadModels(reason: string): Promise<void> {
  const results = await Promise.allSettled((Object.keys(READ_MODELS) as ReadModelName[]).map((name) => computeAndSave(name, reason)));
  results.forEach((r, i) => {
    if (r.status === "rejected") log.warn("read model not recomputed; the last one stays", { model: Object.keys(READ_MODELS)[i], error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
}

/**
 * Called when inputs change (a collection, a failover, an apply, a scenario switch): recomputes the
 * models shortly after, folding a burst of triggers into one run, and once more if more came in
 * while it ran.
 */
export function scheduleReadModelRefresh(reason: string): void {
  const s = state();
  s.reasons.add(reason);
  if (s.running) {
    s.again = true;
    return;
  }
  if (s.timer) return;
  s.timer = setTimeout(() => {
    s.timer = null;
    const reasons = [...s.reasons].slice(0, 5).join(", ");
    s.reasons.clear();
    const started = Date.now();
    s.running = refreshReadModels(reasons)
      .catch((error: unknown) => log.warn("read model refresh failed", { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        s.running = null;
        s.lastEndedAt = Date.now();
        s.lastDurationMs = s.lastEndedAt - started;
        if (s.again) {
          s.again = false;
          scheduleReadModelRefresh("changes during the last refresh");
        }
      });
  }, Math.max(COALESCE_MS, refreshGapMs(s.lastDurationMs) - (Date.now() - s.lastEndedAt)));
  s.timer.unref?.();
}

const inline = new Map<ReadModelName, Promise<void>>();

/**
 * The model's state row, computed here first when missing, too old, or older than the moment a source
 * went stale with nothing written (its collector stopped: no refresh comes, and the stored model still
 * calls it fresh). One computation per process at a time.
 */
async function currentState(name: ReadModelName) {
  // Without a version (the database went dark before this process read one) the stored answer is judged by its age alone.
  const [st, { agedOutAt }] = await Promise.all([readModelState(name, { reuseMs: 1_000 }), getRecentDataVersion().catch(() => ({ agedOutAt: null }))]);
  const outdated = st !== null && agedOutAt !== null && st.computedAt.getTime() < Date.parse(agedOutAt);
  if (st && !outdated && Date.now() - st.computedAt.getTime() <= MAX_MODEL_AGE_MS) return st;
  // A standby's replica is read-only and a dark database takes no writes: serve the stored answer,
  // however old (every page says as of when), rather than fail computing a new one.
  const console = getConsoleState();
  if (st && (console.mode !== "primary" || console.database.state === "unreachable")) return st;
  if (!inline.has(name)) inline.set(name, computeAndSave(name, !st ? "first read" : outdated ? "a source went stale since" : "too old on read").finally(() => inline.delete(name)));
  await inline.get(name);
  const fresh = await readModelState(name);
  if (!fresh) throw new Error(`read model ${name} could not be computed`);
  return fresh;
}

/** Only the model's envelope (its meta and when it was computed): for readers that need no rows. */
export async function readModelMeta<M>(name: ReadModelName): Promise<{ meta: M; computedAt: Date }> {
  const st = await currentState(name);
  return { meta: st.meta as M, computedAt: st.computedAt };
}

/** One page of a model's rows in stored order, optionally only rows whose data has this value at a top-level key. */
export async function readModelPage<T>(name: ReadModelName, opts: { offset: number; limit: number; where?: { key: string; equals: string } }): Promise<T[]> {
  await currentState(name);
  return loadReadModelPage<T>(name, opts);
}

/** The stored answer; computed here first when missing or too old (one computation per process at a time). */
export async function readModel<T, M>(name: ReadModelName): Promise<StoredModel<T, M>> {
  await currentState(name);
  const loaded = await loadReadModel<T, M>(name);
  if (!loaded) throw new Error(`read model ${name} could not be computed`);
  return loaded;
}
