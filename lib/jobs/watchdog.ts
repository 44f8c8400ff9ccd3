import { failStalledApplies } from "@/lib/changes/fail-stalled-applies";
import { interruptStalledFailovers } from "@/lib/failovers/interrupt-stalled-failovers";
import { log } from "@/lib/observability/log";
import { notifyDataChanged } from "@/lib/events/data-changed";

const SWEEP_MS = 5_000;
const holder = globalThis as unknown as { meridianWatchdog?: NodeJS.Timeout };

/** One sweep: work whose runner went silent is ended as the person-facing rules say (never re-run). */
export async function sweepStalledWork(): Promise<{ applies: string[]; failovers: string[] }> {
  const [applies, failovers] = await Promise.all([failStalledApplies(), interruptStalledFailovers()]);
  if (applies.length || failovers.length) notifyDataChanged("stalled work ended");
  return { applies, failovers };
}

/**
 * Every replica sweeps every few seconds. The sweep's updates are conditional and row-locked, so
 * replicas sweeping at once agree; with one replica dead, the others still notice within
 * STALE_AFTER_MS + SWEEP_MS.
 */
export function startWatchdog(): void {
  if (holder.meridianWatchdog) return;
  let busy = false;
  holder.meridianWatchdog = setInterval(() => {
    if (busy) return;
    busy = true;
    sweepStalledWork()
      .catch((error: unknown) => log.warn("watchdog sweep failed", { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (busy = false));
  }, SWEEP_MS);
  holder.meridianWatchdog.unref();
}

export function stopWatchdog(): void {
  if (holder.meridianWatchdog) clearInterval(holder.meridianWatchdog);
  holder.meridianWatchdog = undefined;
}
