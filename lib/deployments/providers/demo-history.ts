import "server-only";
import { db } from "@/lib/db/client";
import type { DemoFleet } from "@/lib/demo/fleet";
import { releaseInRegion, releaseProvenance, releasesBetween } from "@/lib/demo/versions";
import { insertDeploymentEvents } from "../record-events";

const DAY = 86_400_000;
export const DEMO_BACKFILL_SOURCE = "demo-backfill";

export type BackfillEvent = { service: string; region: string; version: string; previousVersion: string | null; at: Date; source: string; deployer: string; commit: string };

/** The demo's releases of every service in a region over the `days` before fleet.at, as events. */
export function demoHistoryEvents(fleet: DemoFleet, region: string, days = 30): BackfillEvent[] {
  const to = fleet.at;
  const from = to - days * DAY;
  const out: BackfillEvent[] = [];
  for (const svc of fleet.topology.services) {
    if (!svc.roles[region]) continue;
    let previous = releaseInRegion(svc, region, from - 1, fleet.opts)?.version ?? null;
    for (const r of releasesBetween(svc, region, from, to, fleet.opts)) {
      // The same deployer and commit the live snapshot gives the release (demoWorkloads).
      out.push({ service: svc.id, region, version: r.version, previousVersion: previous, at: new Date(r.deployedAt), source: DEMO_BACKFILL_SOURCE, ...releaseProvenance(svc.id, r.index, fleet.opts) });
      previous = r.version;
    }
  }
  return out;
}

/**
 * Writes the demo history of each region that has no events yet; returns how many were written. The
 * demo has a past: its last 30 days of releases become events, so history and "drift began" have
 * something to show from the start (the registry runs it when it starts on a demo configuration).
 */
export async function backfillDemoHistory(loadFleet: () => Promise<DemoFleet>, regions: string[], days = 30): Promise<number> {
  let written = 0;
  let fleet: DemoFleet | null = null;
  for (const region of regions) {
    if ((await db().deploymentEvent.count({ where: { region } })) > 0) continue;
    fleet ??= await loadFleet();
    const events = demoHistoryEvents(fleet, region, days);
    written += await insertDeploymentEvents(events);
  }
  return written;
}
