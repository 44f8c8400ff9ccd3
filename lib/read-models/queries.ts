import { pageDeploymentMatrix, type DeploymentMatrixDto } from "@/lib/deployments/queries";
import type { DeploymentMatrixQuery } from "@/lib/deployments/schemas";
import type { BurningSlo, DarkSlos, IncidentRegion, RegionTile, RegionView } from "@/lib/overview/queries";
import { pageReadiness, type ReadinessPage, type ReadinessRow } from "@/lib/replication/queries";
import type { ReadinessQuery } from "@/lib/replication/schemas";
import type { ReadinessSummary } from "@/lib/overview/queries";
import type { Freshness } from "@/lib/snapshots/freshness";
import type { Timeline, TimelineEvent } from "@/lib/timeline/queries";
import { pageBounds } from "@/lib/paging";
import { readModel, readModelMeta, readModelPage } from "./refresh";

// A matrix row as deployments' public reads give it (lib/deployments/matrix.ts is that domain's inside).
type MatrixRow = DeploymentMatrixDto["rows"][number];

// The read side of the busiest reads: what the overview and the API serve to a crowd, answered
// from the stored models (one indexed lookup, rows re-read only when the model changed).

// Answers worked out once per model version and question. A crowd asking the same thing gets the
// very same object, frozen because it is shared, which lib/http/etag.ts then serializes and hashes once.
const ANSWERS_PER_MODEL = 64;
const answers = () => ((globalThis as unknown as { meridianAnswers?: Map<string, { computedAt: number; byQuestion: Map<string, Promise<unknown>> }> }).meridianAnswers ??= new Map());

function answerOnce<T>(model: string, computedAt: Date, question: unknown, work: () => Promise<T>): Promise<T> {
  let version = answers().get(model);
  // The previous version, served while the newer one loads (lib/read-models/store.ts): not kept.
  if (version && version.computedAt > computedAt.getTime()) return work().then((a) => Object.freeze(a));
  if (!version || version.computedAt !== computedAt.getTime()) answers().set(model, (version = { computedAt: computedAt.getTime(), byQuestion: new Map() }));
  const key = JSON.stringify(question ?? null);
  const known = version.byQuestion.get(key);
  if (known) return known as Promise<T>;
  // Searches are endless: keep the most recent questions only.
  if (version.byQuestion.size >= ANSWERS_PER_MODEL) version.byQuestion.delete(version.byQuestion.keys().next().value!);
  const answer = work().then((a) => Object.freeze(a));
  version.byQuestion.set(key, answer);
  answer.catch(() => version.byQuestion.delete(key));
  return answer;
}

export async function readRegions(): Promise<{ regions: RegionView[]; fetchedAt: string | null; staleSources: Freshness["staleSources"]; computedAt: string }> {
  const m = await readModel<RegionView, Pick<Freshness, "fetchedAt" | "staleSources">>("regions");
  return answerOnce("regions", m.computedAt, null, async () => ({ regions: m.rows, fetchedAt: m.meta.fetchedAt, staleSources: m.meta.staleSources, computedAt: m.computedAt.toISOString() }));
}

export async function readRegionTiles(): Promise<RegionTile[]> {
  return (await readModel<RegionTile, object>("region-tiles")).rows;
}

/** Regions in trouble with what can be done now; empty when every region is fine. */
export async function readIncidentActions(): Promise<IncidentRegion[]> {
  return (await readModel<IncidentRegion, object>("incident")).rows;
}

/** The SLOs paging or ticketing now (paging first), regions whose SLOs cannot be judged, and how many SLOs there are. */
export async function readBurningSlos(): Promise<{ burning: BurningSlo[]; dark: DarkSlos[]; total: number; fetchedAt: string | null }> {
  const m = await readModel<BurningSlo, { dark: DarkSlos[]; total: number; fetchedAt: string | null }>("burning-slos");
  return { burning: m.rows, ...m.meta };
}

type ReadinessMeta = { freshness: Freshness; counts: ReadinessPage["counts"]; summary: ReadinessSummary };

export async function readReadiness(): Promise<{ readiness: ReadinessRow[]; freshness: Freshness }> {
  const m = await readModel<ReadinessRow, ReadinessMeta>("readiness");
  return { readiness: m.rows, freshness: m.meta.freshness };
}

/** The overview's part of readiness: the worst few pairs and every pair counted, without reading the rows. */
export async function readReadinessSummary(): Promise<ReadinessSummary> {
  return (await readModelMeta<ReadinessMeta>("readiness")).meta.summary;
}

/**
 * One page of readiness, worst first. Unfiltered or by verdict it is a slice of the stored rows (a
 * crowd of pollers never loads thousands of pairs); a search, service or region filter pages all of them.
 */
export async function readReadinessPage(query: ReadinessQuery): Promise<ReadinessPage & { freshness: Freshness }> {
  const { meta, computedAt } = await readModelMeta<ReadinessMeta>("readiness");
  return answerOnce("readiness", computedAt, query, async () => {
    if (query.q || query.service || query.region) {
      const { readiness, freshness } = await readReadiness();
      return { ...pageReadiness(readiness, query), freshness };
    }
    const total = query.verdict ? meta.counts[query.verdict] : Object.values(meta.counts).reduce((a, b) => a + b, 0);
    const { page, pages, offset } = pageBounds(total, query.page, query.pageSize);
    const readiness = await readModelPage<ReadinessRow>("readiness", { offset, limit: query.pageSize, where: query.verdict ? { key: "verdict", equals: query.verdict } : undefined });
    return { readiness, counts: meta.counts, total, page, pages, pageSize: query.pageSize, freshness: meta.freshness };
  });
}

export async function readDeploymentMatrix(query: DeploymentMatrixQuery): Promise<DeploymentMatrixDto> {
  const m = await readModel<MatrixRow, { regions: string[]; freshness: Freshness; regionsAsOf?: Record<string, string | null> }>("deployment-matrix");
  return answerOnce("deployment-matrix", m.computedAt, query, async () => pageDeploymentMatrix({ rows: m.rows, regions: m.meta.regions, freshness: m.meta.freshness, regionsAsOf: m.meta.regionsAsOf }, query));
}

/** The last 24 h as of the model's computation (pollers get the same answer, and a 304, until it moves). */
export async function readRecentTimeline(): Promise<Timeline> {
  const m = await readModel<TimelineEvent, Omit<Timeline, "events">>("timeline");
  return answerOnce("timeline", m.computedAt, null, async () => ({ ...m.meta, events: m.rows }));
}
