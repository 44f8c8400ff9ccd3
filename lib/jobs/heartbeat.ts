import { log } from "@/lib/observability/log";

/** How often a runner proves it is alive, and how long silence lasts before another replica steps in. */
export const HEARTBEAT_MS = 5_000;
export const STALE_AFTER_MS = 20_000;

/**
 * Calls `beat` every `everyMs` until stopped. A beat that throws is logged and retried on the next
 * tick; a database blip must not kill the work it reports on.
 */
export function startHeartbeat(name: string, beat: () => Promise<void>, everyMs = HEARTBEAT_MS): { stop: () => void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    beat()
      .catch((error: unknown) => log.warn("heartbeat failed", { work: name, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
