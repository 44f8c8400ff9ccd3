import type { FailoverPath } from "@/lib/failovers/types";
import { regionHealthFactor, type DemoFleet } from "./fleet";
import { getDemoLag } from "./replication";
import { demoSliRatesAt } from "./slis";

// How the simulated fleet answers a failover: which path it takes, the lag a promotion would lose,
// whether the target is healthy. The step executors that move it live with the failovers domain
// (lib/failovers/providers/demo.ts); this is the fleet's side only.

/** The SLI bar the demo's verify step holds the target region to. */
export const DEMO_VERIFY_OBJECTIVE = 99;

/** The primary region is gone (outage): the runbook takes the data-loss path. */
export function getDemoFailoverPath(fleet: DemoFleet, from: string): FailoverPath {
  return regionHealthFactor(fleet, from) === 0 ? "data-loss" : "planned";
}

/**
 * The largest replication lag, as seconds, of the links of these services, as a collector would
 * read it now (in an outage: the last sample before the source went dark). Null when no link of
 * theirs has a time-convertible unit.
 */
export function measureDemoLagSeconds(fleet: DemoFleet, services: string[]): number | null {
  let worst: number | null = null;
  for (const link of fleet.config.links) {
    if (!services.includes(link.service)) continue;
    const { lag } = getDemoLag(fleet, link, fleet.at);
    const seconds = link.unit === "seconds" ? lag : link.unit === "blocks" ? lag * (link.secondsPerUnit ?? 6) : null;
    if (seconds !== null) worst = Math.max(worst ?? 0, Math.round(seconds * 1000) / 1000);
  }
  return worst;
}

/** Whether the services take traffic in `region` and meet the demo bar there right now. */
export function checkDemoTargetHealth(fleet: DemoFleet, services: string[], region: string): { healthy: boolean; detail: string } {
  if (regionHealthFactor(fleet, region) === 0) return { healthy: false, detail: `${region} is down` };
  const parts: string[] = [];
  let healthy = true;
  for (const service of services) {
    const r = demoSliRatesAt(fleet, { id: `verify:${service}:${region}`, service, region, kind: "availability", objective: DEMO_VERIFY_OBJECTIVE }, fleet.at);
    if (r.total === 0) {
      healthy = false;
      parts.push(`${service}: no traffic yet`);
      continue;
    }
    const pct = (100 * r.good) / r.total;
    if (pct < DEMO_VERIFY_OBJECTIVE) healthy = false;
    parts.push(`${service}: ${pct.toFixed(2)} % good`);
  }
  return { healthy, detail: parts.join(", ") };
}

