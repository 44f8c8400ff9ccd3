import { getConfig } from "@/lib/config/store";
import { listFailovers, type FailoverListItem } from "@/lib/failovers/queries";
import { getRegionDetail, listRegionSummaries, type RegionDetail, type RegionSummary } from "@/lib/regions/queries";
import { listReadinessRows, type ReadinessRow } from "@/lib/replication/queries";
import { VERDICT_ORDER } from "@/lib/replication/types";
import { listSloStatuses } from "@/lib/slos/queries";
import type { SloStatus } from "@/lib/slos/types";
import { listSourceHealth, type Freshness, type SourceHealth } from "@/lib/snapshots/freshness";
import { recently } from "@/lib/live/recently";
import { wordRegionHealth } from "./region-health";

// The incident overview's panels, each read on its own so one slow or failing domain never holds up
// the others. Everything comes from snapshots: with a region's sources dark, panels show the
// last-known data and say since when.

/** A region as every page words it: the inventory's summary, at best "degraded" while its SLOs page. */
export type RegionView = RegionSummary & {
  /** Why the word is worse than the inventory's (SLOs paging); null when it is the inventory's. */
  healthWhy: string | null;
};

export type RegionTile = RegionView & {
  /** When the region's failing sources last answered; null while they answer. */
  unreachableSince: string | null;
  failingSources: number;
  error: string | null;
};

/** Every region with the health the overview, the Regions page and /api/v1/regions all show. */
export async function listRegionViews(): Promise<{ regions: RegionView[]; freshness: Freshness }> {
  const [{ regions, freshness }, { statuses }] = await Promise.all([listRegionSummaries(), listSloStatuses()]);
  return { regions: wordRegionHealth(regions, statuses), freshness };
}

/** One region's page and API answer, its summary worded as on the overview. */
export async function getRegionDetailView(id: string): Promise<RegionDetail & { summary: RegionView }> {
  const [detail, { statuses }] = await Promise.all([getRegionDetail(id), listSloStatuses()]);
  return { ...detail, summary: wordRegionHealth([detail.summary], statuses)[0] };
}

export async function listRegionTiles(): Promise<RegionTile[]> {
  const [{ regions }, health] = await Promise.all([listRegionViews(), listSourceHealth()]);
  return regions.map((r) => {
    const mine = health.filter((h) => !h.retired && h.name.split("/")[2] === r.id && h.stale);
    const since = mine.map((h) => h.noDataSince ?? "").sort()[0];
    return { ...r, unreachableSince: r.unreachableSince ?? (mine.length ? since || null : null), failingSources: mine.length, error: mine.find((h) => h.lastError)?.lastError ?? null };
  });
}

export type BurningSlo = Pick<SloStatus, "slo" | "name" | "service" | "region" | "state" | "objective" | "sli" | "exhaustionInMs"> & { burn1h: number | null; remaining: number | null; dataAsOf: string | null };

/** SLOs that cannot burn or be ok because their source went dark, per region: never shown as calm. */
export type DarkSlos = { region: string; count: number; since: string | null };

/** SLOs whose burn-rate alerts fire now, pages first, then by the 1 h burn; and those without data. */
export async function listBurningSlos(): Promise<{ burning: BurningSlo[]; dark: DarkSlos[]; total: number; fetchedAt: string | null }> {
  const { statuses, fetchedAt } = await listSloStatuses();
  const darkByRegion = new Map<string, DarkSlos>();
  for (const s of statuses) {
    if (s.noDataSince === null) continue;
    const d = darkByRegion.get(s.region) ?? { region: s.region, count: 0, since: s.noDataSince };
    d.count += 1;
    if (d.since === null || s.noDataSince < d.since) d.since = s.noDataSince;
    darkByRegion.set(s.region, d);
  }
  const burning = statuses
    .filter((s) => s.state === "page" || s.state === "ticket")
    .sort((a, b) => (a.state === b.state ? 0 : a.state === "page" ? -1 : 1) || (b.burnRates["1h"] ?? 0) - (a.burnRates["1h"] ?? 0))
    .map((s) => ({ slo: s.slo, name: s.name, service: s.service, region: s.region, state: s.state, objective: s.objective, sli: s.sli, exhaustionInMs: s.exhaustionInMs, burn1h: s.burnRates["1h"], remaining: s.budget?.remaining ?? null, dataAsOf: s.dataAsOf }));
  return { burning, dark: [...darkByRegion.values()].sort((a, b) => a.region.localeCompare(b.region)), total: statuses.length, fetchedAt };
}

/** How many readiness rows the overview lists; the rest are counted and one link away. */
export const OVERVIEW_READINESS_ROWS = 10;

export type ReadinessSummary = { rows: ReadinessRow[]; total: number; counts: Record<ReadinessRow["verdict"], number>; runbooks: string[] };

/** The worst pairs first (services with a runbook first among equals), with every pair counted by verdict. */
export function summarizeReadiness(readiness: ReadinessRow[]): ReadinessSummary {
  const runbooks = getConfig().runbooks.map((r) => r.service);
  const hasRunbook = (r: ReadinessRow) => (runbooks.includes(r.service) ? 0 : 1);
  const counts: ReadinessSummary["counts"] = { "not-ready": 0, unknown: 0, "at-risk": 0, ready: 0 };
  for (const r of readiness) counts[r.verdict]++;
  const rows = [...readiness].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || hasRunbook(a) - hasRunbook(b) || a.service.localeCompare(b.service)).slice(0, OVERVIEW_READINESS_ROWS);
  return { rows, total: readiness.length, counts, runbooks };
}

/** Readiness of every service that has a runbook or a dormant region: the worst few, and counts. */
export async function listReadinessSummary(): Promise<ReadinessSummary> {
  return summarizeReadiness((await listReadinessRows()).readiness);
}

export async function listOpenFailovers(): Promise<FailoverListItem[]> {
  // Only the open ones are read, once a second for a crowd of overview viewers.
  return recently("open-failovers", () => listFailovers({ limit: 50 }, { states: ["running", "requested", "approved"] }));
}

export const SOURCES_SHOWN = 8;

/**
 * The overview's sources: every stale one first, then the fresh ones that succeeded longest ago
 * (the next to go stale), at most `limit`, with how many there are. A fleet has hundreds of
 * sources; Settings lists them all.
 */
export async function summarizeSources(limit = SOURCES_SHOWN): Promise<{ shown: SourceHealth[]; total: number; stale: number }> {
  return pickSources(await recently("source-health", () => listSourceHealth()), limit);
}

export function pickSources(all: SourceHealth[], limit: number): { shown: SourceHealth[]; total: number; stale: number } {
  const health = all.filter((h) => !h.retired);
  const oldestFirst = (a: SourceHealth, b: SourceHealth) => (a.lastSuccessAt ?? "").localeCompare(b.lastSuccessAt ?? "") || a.name.localeCompare(b.name);
  const sorted = [...health].sort((a, b) => Number(b.stale) - Number(a.stale) || oldestFirst(a, b));
  return { shown: sorted.slice(0, limit), total: health.length, stale: health.filter((h) => h.stale).length };
}

// The incident guide is part of the overview's public reads (the read model stores it).
export { listIncidentActions, type IncidentRegion, type IncidentRunbook } from "./incident";
