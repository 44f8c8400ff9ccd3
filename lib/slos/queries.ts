import { getConfig } from "@/lib/config/store";
import { listDeploymentEvents, type DeploymentEventDto } from "@/lib/deployments/queries";
import { NotFoundError, SourceUnavailableError } from "@/lib/http/errors";
import { getRecentDataVersion } from "@/lib/live/data-version";
import { freshnessFor, getStaleAfterMs, listSourceHealth, type Freshness } from "@/lib/snapshots/freshness";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { roleSpans, type RoleSpan } from "@/lib/topology/timeline";
import { listSnapshots } from "@/lib/snapshots/store";
import { SLOS_KIND, sloJobName, type SloSnapshot } from "./collector";
import { burnConditions, computeSloStatus, evaluateGate, sliOf, type GateResult } from "./math";
import type { ListSlosQuery } from "./schemas";
import { alignedRange, seriesRange } from "./series-range";
import { seriesRateWindowSec } from "./sli-source";
import { sliSourceConfigForSlo, sliSourceForSlo } from "./sources";
import { getSloDefinition, getSloFileState, listSloDefinitions } from "./store";
import { BURN_WINDOWS, type BurnCondition, type BurnState, type BurnWindow, type SloDefinition, type SloStatus, type SloWindowRates } from "./types";

// Reads for /slos, the API and the change gate. Numbers come from the collector's snapshots; only
// the chart series are read live from the SLI source (they are not worth storing every 30 s).

/** One line of the compliance table: the status plus what the page needs to group and explain it. */
export type SloRow = SloStatus & {
  system: string | null;
  systemName: string | null;
  serviceName: string;
  /** Latency SLOs: the threshold, to show the measured percentile against. */
  thresholdMs: number | null;
  /** Problems with this SLO's queries (bad PromQL), shown instead of numbers. */
  errors: string[];
  /** False until the collector has computed this SLO once. */
  collected: boolean;
  fetchedAt: string | null;
  /** When the source's data behind these numbers was taken: every number on a page carries its age. */
  dataAsOf: string | null;
  /**
   * Set when the source feeding this SLO missed its interval (or never answered): the state is
   * `no-data`, and the SLI and budget are the last computed ones, frozen at dataAsOf.
   */
  noDataSince: string | null;
  /** Why there is no current data (the source's error, "not collected yet", no source for the region). */
  noDataReason: string | null;
  /** The budget shown is the last computed one, not current. */
  budgetFrozen: boolean;
  /** The state before the data stopped; null when there never was any. */
  lastKnownState: BurnState | null;
};
export type SystemSummary = {
  system: string;
  name: string;
  slos: number;
  met: number;
  noData: number;
  /** Mean share of the error budget spent over each SLO's window, 0..1+ (null: no SLO has data). */
  budgetSpent: number | null;
  /** Worst single SLO's share spent. */
  worstSpent: number | null;
};

export type SloSummary = {
  total: number;
  met: number;
  notMet: number;
  noData: number;
  byState: Record<BurnState, number>;
  bySystem: SystemSummary[];
};

export type SloOverview = { rows: SloRow[]; summary: SloSummary; freshness: Freshness; fetchedAt: string | null };

const STATE_ORDER: Record<BurnState, number> = { page: 0, ticket: 1, ok: 2, quiet: 3, "no-data": 4 };

/** An SLO the collector has not reached yet: the same status the math gives for no data at all. */
function placeholder(def: SloDefinition): SloStatus {
  const burn = Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])) as SloWindowRates["burn"];
  return computeSloStatus(def, { slo: def.id, at: 0, window: null, burn, notes: ["not collected yet"] });
}

async function readSnapshots() {
  return listSnapshots<SloSnapshot>(SLOS_KIND);
}

type Found = { status: SloStatus; fetchedAt: string; takenAt: string; errors: string[]; job: string; source: string };

/**
 * What a source that missed its interval leaves: no current state (never ok), no burn, the last
 * SLI and budget kept as they were, labelled frozen. Never computed: the math's own no-data status.
 */
function withoutData(status: SloStatus): SloStatus {
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])) as Record<BurnWindow, number | null>;
  return { ...status, state: "no-data", firing: [], burnRates, met: null, requestRate: null, exhaustionInMs: null };
}

/** Every defined SLO with its latest status; SLOs removed from the file are dropped, new ones wait. */
async function listRows(now = Date.now()): Promise<{ rows: SloRow[]; fetchedAt: string | null }> {
  const config = getConfig();
  const [snapshots, health] = await Promise.all([readSnapshots(), listSourceHealth(now)]);
  const jobs = new Map(health.map((h) => [h.name, h]));
  const regions = new Set(config.regions.map((r) => r.id));
  const byId = new Map<string, Found>();
  for (const snap of snapshots) {
    // Keys are regions; anything else is from an older layout (one snapshot per source) and is not current.
    if (!regions.has(snap.key)) continue;
    for (const stored of snap.data.statuses ?? []) {
      const seen = byId.get(stored.slo);
      if (seen && seen.takenAt >= snap.takenAt) continue;
      // JSONB does not keep key order: put the burn windows back in 5m → 3d order for readers of the API.
      const status = { ...stored, burnRates: Object.fromEntries(BURN_WINDOWS.map((w) => [w, stored.burnRates[w] ?? null])) as Record<BurnWindow, number | null> };
      const errors = (snap.data.errors ?? []).filter((e) => e.slo === stored.slo).map((e) => e.message);
      byId.set(stored.slo, { status, fetchedAt: snap.fetchedAt, takenAt: snap.takenAt, errors, job: sloJobName(snap.source, snap.key), source: snap.source });
    }
  }
  const services = new Map(config.systems.flatMap((sys) => sys.services.map((svc) => [svc.id, { sys, svc }] as const)));
  const rows = listSloDefinitions().map((def): SloRow => {
    const found = byId.get(def.id);
    // A snapshot taken before the file changed may hold an older objective: show the numbers only when they match.
    const fresh = found && found.status.objective === def.objective && found.status.windowMs === def.windowMs ? found : undefined;
    const owner = services.get(def.service);
    const base = {
      system: owner?.sys.id ?? null,
      systemName: owner?.sys.name ?? null,
      serviceName: owner?.svc.name ?? def.service,
      thresholdMs: def.thresholdMs,
      errors: fresh?.errors ?? [],
      collected: fresh !== undefined,
      fetchedAt: fresh?.fetchedAt ?? null,
      dataAsOf: fresh?.takenAt ?? null,
    };
    if (!fresh) {
      const reason = sliSourceConfigForSlo(def, config) ? "not collected yet" : `no SLI source covers ${def.region}`;
      return { ...placeholder(def), ...base, noDataSince: null, noDataReason: reason, budgetFrozen: false, lastKnownState: null };
    }
    const job = jobs.get(fresh.job);
    const source = config.sources.find((s) => s.name === fresh.source);
    // Without a status row (its job is gone), judge the snapshot by its own age.
    const stale = job ? job.stale : !source || now - Date.parse(fresh.takenAt) > getStaleAfterMs(source, config.staleAfter);
    if (!stale) return { ...fresh.status, ...base, noDataSince: null, noDataReason: null, budgetFrozen: false, lastKnownState: fresh.status.state };
    return {
      ...withoutData(fresh.status),
      ...base,
      noDataSince: job?.noDataSince ?? fresh.takenAt,
      noDataReason: job?.lastError ?? (job ? "the source sent nothing newer" : "its collector job is not running"),
      budgetFrozen: fresh.status.budget !== null,
      lastKnownState: fresh.status.state,
    };
  });
  const fetched = snapshots.filter((s) => regions.has(s.key)).map((s) => s.takenAt).sort();
  return { rows, fetchedAt: fetched[0] ?? null };
}

/** The latest computed status of every SLO (from the collector's snapshots), with the age of its data. */
export async function listSloStatuses(): Promise<{ statuses: SloRow[]; fetchedAt: string | null }> {
  const { rows, fetchedAt } = await listRows();
  return { statuses: rows.filter((r) => r.collected), fetchedAt };
}

/**
 * The change gate over every defined SLO, collected or not: blocked while a touched region has an
 * exhausted budget, a page-level burn, or SLO data that is missing or stale (it fails closed).
 */
export async function getChangeGate(scope: { regions?: string[]; services?: string[] }): Promise<GateResult> {
  const { rows } = await listRows();
  return evaluateGate(rows, scope);
}

export function summarize(rows: SloRow[]): SloSummary {
  const byState: Record<BurnState, number> = { page: 0, ticket: 0, ok: 0, quiet: 0, "no-data": 0 };
  for (const r of rows) byState[r.state] += 1;
  const systems = new Map<string, SloRow[]>();
  for (const r of rows) {
    const key = r.system ?? "(no system)";
    systems.set(key, [...(systems.get(key) ?? []), r]);
  }
  const bySystem = [...systems.entries()].map(([system, list]): SystemSummary => {
    const spent = list.map((r) => r.budget?.consumed).filter((x): x is number => x !== undefined);
    return {
      system,
      name: list[0].systemName ?? system,
      slos: list.length,
      met: list.filter((r) => r.met === true).length,
      noData: list.filter((r) => r.met === null).length,
      budgetSpent: spent.length ? spent.reduce((a, b) => a + b, 0) / spent.length : null,
      worstSpent: spent.length ? Math.max(...spent) : null,
    };
  });
  return {
    total: rows.length,
    met: rows.filter((r) => r.met === true).length,
    notMet: rows.filter((r) => r.met === false).length,
    noData: rows.filter((r) => r.met === null).length,
    byState,
    bySystem: bySystem.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function matches(r: SloRow, q: ListSlosQuery): boolean {
  if (q.system && r.system !== q.system) return false;
  if (q.service && r.service !== q.service) return false;
  if (q.region && r.region !== q.region) return false;
  if (q.state && r.state !== q.state) return false;
  if (q.q) {
    const needle = q.q.toLowerCase();
    if (![r.slo, r.serviceName, r.name].some((x) => x.toLowerCase().includes(needle))) return false;
  }
  return true;
}

// Overviews worked out once per data version, SLO definitions and question: every SLO's status is read
// from every region's snapshot and the sources' health, the same for a crowd of /api/v1/slos pollers and
// /slos viewers until the version moves (it follows the snapshots and which sources are stale). Frozen
// because shared, so lib/http/etag.ts serializes and hashes each once.
const OVERVIEWS_KEPT = 64;
type HeldOverviews = { key: string; byQuery: Map<string, Promise<SloOverview>> };
const overviews = (): HeldOverviews => ((globalThis as unknown as { meridianSloOverviews?: HeldOverviews }).meridianSloOverviews ??= { key: "", byQuery: new Map() });

/** The compliance table (filtered) and the leadership summary (over every SLO). */
export async function getSloOverview(query: ListSlosQuery = {}): Promise<SloOverview> {
  const { version } = await getRecentDataVersion();
  const file = getSloFileState();
  const key = `${version}|${file.loadedAt?.getTime() ?? "-"}`;
  const held = overviews();
  if (held.key !== key) Object.assign(held, { key, byQuery: new Map() });
  const question = JSON.stringify(query);
  const known = held.byQuery.get(question);
  if (known) return known;
  // Searches are endless: keep the most recent questions only.
  if (held.byQuery.size >= OVERVIEWS_KEPT) held.byQuery.delete(held.byQuery.keys().next().value!);
  const answer = computeSloOverview(query).then((o) => Object.freeze(o));
  held.byQuery.set(question, answer);
  answer.catch(() => held.byQuery.get(question) === answer && held.byQuery.delete(question));
  return answer;
}

async function computeSloOverview(query: ListSlosQuery): Promise<SloOverview> {
  const [{ rows, fetchedAt }, freshness] = await Promise.all([listRows(), freshnessFor(SLOS_KIND)]);
  const filtered = rows.filter((r) => matches(r, query)).sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.slo.localeCompare(b.slo));
  return { rows: filtered, summary: summarize(rows), freshness, fetchedAt };
}

export type SloConditionDto = BurnCondition & { longBurn: number | null; shortBurn: number | null; firing: boolean };

export type SloDetail = {
  row: SloRow;
  description: string;
  thresholdMs: number | null;
  minRequestRate: number | null;
  labels: Record<string, string>;
  query: SloDefinition["query"];
  /** The four multi-window rules with this SLO's thresholds and burns. */
  conditions: SloConditionDto[];
  freshness: Freshness;
};

export async function getSloDetail(id: string): Promise<SloDetail> {
  const def = getSloDefinition(id);
  if (!def) throw new NotFoundError(`There is no SLO "${id}".`);
  const [{ rows }, freshness] = await Promise.all([listRows(), freshnessFor(SLOS_KIND)]);
  const row = rows.find((r) => r.slo === id);
  if (!row) throw new NotFoundError(`There is no SLO "${id}".`);
  const conditions = burnConditions(def.windowMs).map((c) => {
    const longBurn = row.burnRates[c.long];
    const shortBurn = row.burnRates[c.short];
    return { ...c, longBurn, shortBurn, firing: row.firing.some((f) => f.long === c.long && f.short === c.short) };
  });
  return { row, description: def.description, thresholdMs: def.thresholdMs, minRequestRate: def.minRequestRate, labels: def.labels, query: def.query, conditions, freshness };
}

export type SloSeriesPointDto = {
  t: number;
  /** Good fraction over the step (SLI chart); null = no traffic. */
  sli: number | null;
  /** Good fraction over the compliance window ending at t. */
  windowSli: number | null;
  /** Share of the budget left at t, 1 = all of it; negative when overspent. */
  budgetRemaining: number | null;
};

export type SloSeriesDto = {
  slo: string;
  objective: number;
  start: number;
  end: number;
  stepSec: number;
  /** Each SLI point is the good share over this many seconds before it (the step, at least 5 min). */
  rateWindowSec: number;
  points: SloSeriesPointDto[];
  deployments: DeploymentEventDto[];
  /** The SLO's region's recorded role for its service over the range: traffic (and so the SLI) follows it. */
  roles: RoleSpan[];
  notes: string[];
};

/**
 * The SLI and burndown over a range (default: the SLO's window), with deployments on the same axis.
 * `page`: for the SLO page, end on the cards' own status and reach back to the deployment before a
 * burn; other readers (the timeline) get exactly the range they ask for.
 */
export async function getSloSeries(id: string, rangeMs: number | null, now = Date.now(), opts: { page?: boolean } = {}): Promise<SloSeriesDto> {
  const def = getSloDefinition(id);
  if (!def) throw new NotFoundError(`There is no SLO "${id}".`);
  const source = await sliSourceForSlo(def, getConfig());
  if (!source) throw new SourceUnavailableError(`No SLI source is configured for ${def.region}.`);
  const span = rangeMs ?? def.windowMs;
  const lookback = Math.max(span, def.windowMs);
  const [{ rows }, recent, timeline] = await Promise.all([
    opts.page ? listRows(now) : Promise.resolve({ rows: [] as SloRow[] }),
    listDeploymentEvents({ from: new Date(now - lookback), to: new Date(now), service: def.service, region: def.region }),
    loadTopologyTimeline(),
  ]);
  const row = rows.find((r) => r.slo === id);
  // While it burns, the cause is most likely the last deployment before now: keep it on the chart.
  const burning = row?.state === "page" || row?.state === "ticket";
  const cause = burning ? Math.max(...recent.map((d) => Date.parse(d.at)).filter((t) => t <= now)) : null;
  // The page ends at now and may reach back; other readers (the timeline) keep the whole-step range they always had.
  const range = opts.page ? seriesRange(now, span, cause !== null && Number.isFinite(cause) ? cause : null) : alignedRange(now, span);
  const series = await source.getSeries(def, { start: range.start, end: range.end, stepSec: range.stepSec });
  const allowed = 1 - def.objective / 100;
  const points = series.points.map((p): SloSeriesPointDto => {
    const windowSli = sliOf(p.window);
    return { t: p.t, sli: sliOf(p.step), windowSli, budgetRemaining: windowSli === null ? null : 1 - (1 - windowSli) / allowed };
  });
  // The last point is the cards' own numbers (the collector's window at its `at`), so the chart ends
  // where the cards stand instead of a step earlier with a differently averaged window.
  const last = points[points.length - 1];
  if (row && row.collected && row.noDataSince === null && row.at <= range.end && (!last || row.at > last.t)) {
    const burn5m = row.burnRates["5m"];
    points.push({ t: row.at, sli: burn5m === null ? null : 1 - burn5m * allowed, windowSli: row.sli, budgetRemaining: row.budget?.remaining ?? null });
  }
  const deployments = recent.filter((d) => Date.parse(d.at) >= range.start);
  const notes = [...series.notes];
  if (range.extendedTo !== null) notes.push(`The range reaches back to ${new Date(range.extendedTo).toISOString().slice(0, 16).replace("T", " ")} UTC to include the deployment before the burn.`);
  return {
    slo: id,
    objective: def.objective,
    start: range.start,
    end: range.end,
    stepSec: range.stepSec,
    rateWindowSec: seriesRateWindowSec(range.stepSec),
    points,
    deployments,
    roles: roleSpans(timeline, def.service, def.region, range.start, range.end + 1),
    notes,
  };
}
