import "server-only";
import { startAuditCheckpoints, stopAuditCheckpoints } from "@/lib/audit/checkpoint-schedule";
import { startCollector, stopCollector } from "@/lib/collector/scheduler";
import { getConfigState } from "@/lib/config/store";
import { getConsoleState, onConsoleState, watchConsole, type ConsoleState } from "@/lib/console/state";
import { getEnv } from "@/lib/env";
import { startWatchdog, stopWatchdog } from "@/lib/jobs/watchdog";
import { startJobWorker, stopJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/observability/log";
import { onDataChanged } from "@/lib/events/data-changed";
import { scheduleReadModelRefresh } from "@/lib/read-models/refresh";

/**
 * Runs once per server process: the collector, this replica's job worker (applies, failovers,
 * webhooks, retention — any replica may pick any job) and audit checkpoints, and the watchdog that ends work whose runner
 * stopped heartbeating on any replica. Only on the primary console: a standby (its database a
 * read-only replica) starts them when a takeover makes it the primary, and a console superseded by
 * a takeover elsewhere stops them.
 */
export function startBackgroundWork(): void {
  try {
    getConfigState();
    watchConsole();
    let stop: (() => void) | null = null;
    const follow = (s: ConsoleState) => {
      if (s.mode === "primary" && !stop) stop = startWork();
      else if (s.mode !== "primary" && stop) {
        log.warn("background work stopped: this console is no longer the primary", { mode: s.mode });
        stop();
        stop = null;
      }
    };
    onConsoleState(follow);
    follow(getConsoleState());
  } catch (error) {
    log.error("background work not started", { error: error instanceof Error ? error.message : String(error) });
  }
}

function startWork(): () => void {
  // Read models follow every change this replica makes or collects; other replicas read them from the database.
  const unsubscribe = onDataChanged(scheduleReadModelRefresh);
  scheduleReadModelRefresh("start");
  const collecting = getEnv().MERIDIAN_COLLECTOR === "on";
  const working = getEnv().MERIDIAN_WORKER === "on";
  if (collecting) startCollector();
  startWatchdog();
  if (working) void startJobWorker().catch((error: unknown) => log.error("job worker not started", { error: error instanceof Error ? error.message : String(error) }));
  // Signed audit checkpoints within 30 s of every write (lib/audit/checkpoint-schedule.ts).
  if (working) startAuditCheckpoints();
  return () => {
    unsubscribe();
    if (collecting) stopCollector();
    stopWatchdog();
    if (working) void stopJobWorker().catch(() => undefined);
    if (working) stopAuditCheckpoints();
  };
}
