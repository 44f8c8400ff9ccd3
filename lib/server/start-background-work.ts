import "server-only";
import { startCollector } from "@/lib/collector/scheduler";
import { getConfigState } from "@/lib/config/store";
import { getEnv } from "@/lib/env";
import { startWatchdog } from "@/lib/jobs/watchdog";
import { startJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/observability/log";
import { onDataChanged } from "@/lib/events/data-changed";
import { scheduleReadModelRefresh } from "@/lib/read-models/refresh";

/**
 * Runs once per server process: the collector, this replica's job worker (applies, failovers,
 * webhooks, retention — any replica may pick any job), and the watchdog that ends work whose runner
 * stopped heartbeating on any replica.
 */
export function startBackgroundWork(): void {
  try {
    getConfigState();
    // Read models follow every change this replica makes or collects; other replicas read them from the database.
    onDataChanged(scheduleReadModelRefresh);
    scheduleReadModelRefresh("start");
    if (getEnv().MERIDIAN_COLLECTOR === "on") startCollector();
    startWatchdog();
    if (getEnv().MERIDIAN_WORKER === "on") void startJobWorker().catch((error: unknown) => log.error("job worker not started", { error: error instanceof Error ? error.message : String(error) }));
  } catch (error) {
    log.error("background work not started", { error: error instanceof Error ? error.message : String(error) });
  }
}
