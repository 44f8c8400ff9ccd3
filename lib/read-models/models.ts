import { getDeploymentMatrixRows } from "@/lib/deployments/queries";
import { listBurningSlos, listIncidentActions, listRegionTiles, listRegionViews, summarizeReadiness } from "@/lib/overview/queries";
import { byUrgency, listReadinessRows } from "@/lib/replication/queries";
import { getTimeline } from "@/lib/timeline/queries";

// Every read model in one place: how it is computed (the domain's own query, the expensive path)
// and how its rows are keyed. The composition root of the read side.

/** `metaAsOf`: top-level meta keys that are times of the computation itself (not in the model's content hash). */
export type ModelOutput = { rows: Array<{ key: string; data: unknown }>; meta: unknown; metaAsOf?: readonly string[] };

export const TIMELINE_WINDOW_MS = 86_400_000;

export const READ_MODELS = {
  regions: async (): Promise<ModelOutput> => {
    // Worded as the overview's tiles are (SLOs paging make a region degraded): the same health everywhere.
    const { regions, freshness } = await listRegionViews();
    return { rows: regions.map((r) => ({ key: r.id, data: r })), meta: { fetchedAt: freshness.fetchedAt, staleSources: freshness.staleSources } };
  },
  "region-tiles": async (): Promise<ModelOutput> => {
    const tiles = await listRegionTiles();
    return { rows: tiles.map((t) => ({ key: t.id, data: t })), meta: {} };
  },
  // What to do now, per region in trouble (usually none): it reads every region, readiness and SLO,
  // too much to compute for each viewer of the overview during an outage.
  incident: async (): Promise<ModelOutput> => {
    const regions = await listIncidentActions();
    return { rows: regions.map((r) => ({ key: r.region, data: r })), meta: {} };
  },
  // Every SLO's status is read from every region's snapshot: once per refresh, not per overview viewer.
  "burning-slos": async (): Promise<ModelOutput> => {
    const { burning, ...meta } = await listBurningSlos();
    return { rows: burning.map((b) => ({ key: b.slo, data: b })), meta };
  },
  // Stored worst first with its counts and the overview's summary in the envelope: a page of it is
  // one indexed slice, and the overview reads no rows at all.
  readiness: async (): Promise<ModelOutput> => {
    const { readiness, freshness } = await listReadinessRows();
    const summary = summarizeReadiness(readiness);
    const rows = [...readiness].sort(byUrgency);
    return { rows: rows.map((r) => ({ key: `${r.service}/${r.from}/${r.to}`, data: r })), meta: { freshness, counts: summary.counts, summary } };
  },
  "deployment-matrix": async (): Promise<ModelOutput> => {
    const { rows, regions, freshness, regionsAsOf } = await getDeploymentMatrixRows();
    return { rows: rows.map((r) => ({ key: r.service, data: r })), meta: { regions, freshness, regionsAsOf } };
  },
  timeline: async (): Promise<ModelOutput> => {
    const to = new Date();
    const t = await getTimeline({ from: new Date(to.getTime() - TIMELINE_WINDOW_MS), to });
    // The window ends at the computation: its bounds move on every refresh, the events and burn in it need not.
    return { rows: t.events.map((e, i) => ({ key: `${String(i).padStart(6, "0")}`, data: e })), meta: { from: t.from, to: t.to, burn: t.burn, errors: t.errors }, metaAsOf: ["from", "to"] };
  },
} as const;

export type ReadModelName = keyof typeof READ_MODELS;
