import { db } from "@/lib/db/client";
import type { SnapshotWrite } from "@/lib/snapshots/store";
import type { RegionDeployments } from "./types";

/** Stores a DeploymentEvent whenever a service's version in a region differs from the last one seen. */
export async function recordDeploymentEvents(writes: SnapshotWrite[], fetchedAt: Date, source: string): Promise<number> {
  let recorded = 0;
  for (const write of writes) {
    const { region, workloads } = write.data as RegionDeployments;
    if (workloads.length === 0) continue;
    const latest = await db().$queryRaw<Array<{ service: string; version: string }>>`
      SELECT DISTINCT ON (service) service, version FROM "DeploymentEvent"
      WHERE region = ${region} ORDER BY service, at DESC`;
    const known = new Map(latest.map((r) => [r.service, r.version]));
    const events = workloads
      .filter((w) => known.get(w.service) !== w.version)
      .map((w) => ({
        service: w.service,
        region,
        version: w.version,
        previousVersion: known.get(w.service) ?? null,
        at: w.deployedAt ? new Date(w.deployedAt) : fetchedAt,
        source,
      }));
    if (events.length) {
      const result = await db().deploymentEvent.createMany({ data: events, skipDuplicates: true });
      recorded += result.count;
    }
  }
  return recorded;
}
