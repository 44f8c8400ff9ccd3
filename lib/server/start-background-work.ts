import { startCollector } from "@/lib/collector/scheduler";
import { getConfigState } from "@/lib/config/store";
import { getEnv } from "@/lib/env";
import { startWatchdog } from "@/lib/jobs/watchdog";
import { startJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/observability/log";

/**
 * Runs once per server process: the collector, this replica's job worker (applies, failovers,
 * webhooks, retention — any replica may pick any job), and the watchdog that ends work whose runner
 * stopped heartbeating on any replica.
 */
export function startBackgroundWork(): void {
  try {
    getConfigState();
    if (getEnv().MERIDIAN_COLLECTOR === "on") startCollector();
    startWatchdog();
    if (getEnv().MERIDIAN_WORKER === "on") void startJobWorker().catch((error: unknown) => log.error("job worker not started", { error: error instanceof Error ? error.message : String(error) }));
  } catch (error) {
    log.error("background work not started", { error: error instanceof Error ? error.message : String(error) });
  }
}
