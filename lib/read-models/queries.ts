import { pageDeploymentMatrix, type DeploymentMatrixDto } from "@/lib/deployments/queries";
import type { DeploymentMatrixQuery } from "@/lib/deployments/schemas";
import type { IncidentRegion, RegionTile, RegionView } from "@/lib/overview/queries";
import type { ReadinessRow } from "@/lib/replication/queries";
import type { Freshness } from "@/lib/snapshots/freshness";
import type { Timeline, TimelineEvent } from "@/lib/timeline/queries";
import { readModel } from "./refresh";

// A matrix row as deployments' public reads give it (lib/deployments/matrix.ts is that domain's inside).
type MatrixRow = DeploymentMatrixDto["rows"][number];

// The read side of the busiest reads: what the overview and the API serve to a crowd, answered
// from the stored models (one indexed lookup, rows re-read only when the model changed).

export async function readRegions(): Promise<{ regions: RegionView[]; fetchedAt: string | null; staleSources: Freshness["staleSources"]; computedAt: string }> {
  const m = await readModel<RegionView, Pick<Freshness, "fetchedAt" | "staleSources">>("regions");
  return { regions: m.rows, fetchedAt: m.meta.fetchedAt, staleSources: m.meta.staleSources, computedAt: m.computedAt.toISOString() };
}

export async function readRegionTiles(): Promise<RegionTile[]> {
  return (await readModel<RegionTile, object>("region-tiles")).rows;
}

/** Regions in trouble with what can be done now; empty when every region is fine. */
export async function readIncidentActions(): Promise<IncidentRegion[]> {
  return (await readModel<IncidentRegion, object>("incident")).rows;
}

export async function readReadiness(): Promise<{ readiness: ReadinessRow[]; freshness: Freshness }> {
  const m = await readModel<ReadinessRow, { freshness: Freshness }>("readiness");
  return { readiness: m.rows, freshness: m.meta.freshness };
}

export async function readDeploymentMatrix(query: DeploymentMatrixQuery): Promise<DeploymentMatrixDto> {
  const m = await readModel<MatrixRow, { regions: string[]; freshness: Freshness; regionsAsOf?: Record<string, string | null> }>("deployment-matrix");
  return pageDeploymentMatrix({ rows: m.rows, regions: m.meta.regions, freshness: m.meta.freshness, regionsAsOf: m.meta.regionsAsOf }, query);
}

/** The last 24 h as of the model's computation (pollers get the same answer, and a 304, until it moves). */
export async function readRecentTimeline(): Promise<Timeline> {
  const m = await readModel<TimelineEvent, Omit<Timeline, "events">>("timeline");
  return { ...m.meta, events: m.rows };
}
