import { ensureRecovered } from "@/lib/changes/recover-interrupted-applies";
import { startCollector } from "@/lib/collector/scheduler";
import { getConfigState } from "@/lib/config/store";
import { getEnv } from "@/lib/env";
import { ensureFailoversRecovered } from "@/lib/failovers/recover-interrupted-failovers";
import { log } from "@/lib/observability/log";

/** Runs once per server process: the collector, and recovery of work a previous process left half-done. */
export function startBackgroundWork(): void {
  try {
    getConfigState();
    if (getEnv().MERIDIAN_COLLECTOR === "on") startCollector();
    // An apply or failover interrupted by a crash is marked failed (never re-run) before anyone looks.
    void Promise.all([ensureRecovered(), ensureFailoversRecovered()]).catch((error) =>
      log.error("recovery of interrupted work failed", { error: error instanceof Error ? error.message : String(error) }),
    );
  } catch (error) {
    log.error("background work not started", { error: error instanceof Error ? error.message : String(error) });
  }
}
