import { getConfigState } from "@/lib/config/store";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { startCollector } from "./scheduler";

export function startBackgroundWork(): void {
  try {
    getConfigState();
    if (getEnv().MERIDIAN_COLLECTOR === "on") startCollector();
  } catch (error) {
    log.error("background work not started", { error: error instanceof Error ? error.message : String(error) });
  }
}
