import "server-only";
import { db } from "@/lib/db/client";
import type { SnapshotWrite } from "@/lib/snapshots/store";
import type { RegionDeployments } from "./types";

// The last version seen per region and service. Asked of the database once per region and
// process, then kept here: the DISTINCT ON query scans the region's whole history, which at
// 20 regions × 1,000 services every 30 s would keep the (single-connection) database busy.
const holder = globalThis as unknown as { meridianLastVersions?: Map<string, Map<string, string>> };

async function lastVersions(region: string): Promise<Map<string, string>> {
  holder.meridianLastVersions ??= new Map();
  const cached = holder.meridianLastVersions.get(region);
  if (cached) return cached;
  const latest = await db().$queryRaw<Array<{ service: string; version: string }>>`
    SELECT DISTINCT ON (service) service, version FROM "DeploymentEvent"
    WHERE region = ${region} ORDER BY service, at DESC`;
  const known = new Map(latest.map((r) => [r.service, r.version]));
  holder.meridianLastVersions.set(region, known);
  return known;
}

/** For tests: forget what was seen (the database is the truth). */
export function resetLastVersions(): void {
  holder.meridianLastVersions = undefined;
}

/** `deployer` and `commit` as the source gives them; absent or null is unknown. */
export type DeploymentEventRow = { service: string; region: string; version: string; previousVersion: string | null; at: Date; source: string; deployer?: string | null; commit?: string | null };

/**
 * Inserts events, skipping ones already stored; returns how many were new. One jsonb parameter, not
 * Prisma's createMany: a region's month of history is thousands of rows, and compiling them as
 * Prisma arguments blocked the event loop for seconds at 20 × 1,000.
 */
export async function insertDeploymentEvents(events: DeploymentEventRow[]): Promise<number> {
  if (events.length === 0) return 0;
  return db().$executeRaw`
    INSERT INTO "DeploymentEvent" ("id", "service", "region", "version", "previousVersion", "at", "source", "deployer", "commit")
    SELECT gen_random_uuid()::text, e.service, e.region, e.version, e."previousVersion", (e.at::timestamptz AT TIME ZONE 'UTC'), e.source, e.deployer, e.commit
    FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(service text, region text, version text, "previousVersion" text, at text, source text, deployer text, commit text)
    ON CONFLICT ("service", "region", "version", "at") DO NOTHING`;
}

/** Stores a DeploymentEvent whenever a service's version in a region differs from the last one seen. */
export async function recordDeploymentEvents(writes: SnapshotWrite[], fetchedAt: Date, source: string): Promise<number> {
  let recorded = 0;
  for (const write of writes) {
    const { region, workloads } = write.data as RegionDeployments;
    if (workloads.length === 0) continue;
    const known = await lastVersions(region);
    const events = workloads
      .filter((w) => known.get(w.service) !== w.version)
      .map((w) => ({
        service: w.service,
        region,
        version: w.version,
        previousVersion: known.get(w.service) ?? null,
        at: w.deployedAt ? new Date(w.deployedAt) : fetchedAt,
        source,
        // As the source says it (annotations, the demo's release): absent is unknown, never guessed.
        deployer: w.deployer ?? null,
        commit: w.commit ?? null,
      }));
    if (events.length) {
      recorded += await insertDeploymentEvents(events);
      for (const e of events) known.set(e.service, e.version);
    }
  }
  return recorded;
}
