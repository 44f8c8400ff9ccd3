import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { readSecretRef } from "@/lib/env";
import { SourceUnavailableError } from "@/lib/http/errors";
import { providerSlot } from "@/lib/registry/slot";
import { CostExplorerNotConfiguredError, getCostExplorerOptions, type CostExplorerOptions } from "@/lib/sources/aws-cost-explorer";
import { readThroughCache, type CostRead } from "./cache";
import type { CostSource, ServiceRegionCost } from "./cost-source";
import { msToDay } from "./dates";
import { createAwsCostSource } from "./providers/aws";
import { DEFAULT_COST_TAGS, type CostAnomaly, type CostForecast, type CostGroupBy, type CostMetric, type CostSeries, type CostTagKeys, type DateRange, type Granularity } from "./types";

export type { CostRead } from "./cache";

/** Cost Explorer sources refresh at most this often unless their `interval` says otherwise (≥ 1 h). */
export const COST_EXPLORER_DEFAULT_REFRESH_MS = 6 * 3_600_000;
const MIN_CONFIGURED_REFRESH_MS = 3_600_000;

/**
 * A cost-explorer source's `interval` is its cache lifetime. Intervals under 1 h (including the 30 s
 * every source gets by default) mean the 6 h default: billing data changes a few times a day and a
 * shorter interval would only buy requests.
 */
export function costRefreshMs(source: Pick<SourceConfig, "interval">): number {
  return source.interval >= MIN_CONFIGURED_REFRESH_MS ? source.interval : COST_EXPLORER_DEFAULT_REFRESH_MS;
}

/** The one source the cost pages read: the first cost-explorer source, else the demo fleet. */
export function pickCostSource(config: MeridianConfig): SourceConfig | null {
  return config.sources.find((s) => s.kind === "cost-explorer") ?? config.sources.find((s) => s.kind === "demo") ?? null;
}

/** What the query functions read through: the source's answers with their age, for "today". */
export type CostReader = {
  source: { name: string; kind: "demo" | "cost-explorer"; refreshMs: number | null; tags: CostTagKeys };
  /** The last day with (estimated) data: UTC today. */
  today: string;
  /** The first day the source can answer for (demo: 13 months back). */
  earliest: string | null;
  getCosts(range: DateRange, granularity: Granularity, metric: CostMetric, groupBy: CostGroupBy): Promise<CostRead<CostSeries>>;
  /** From tomorrow: 3 months daily or 12 months monthly. */
  getForecast(granularity: Granularity, metric: CostMetric): Promise<CostRead<CostForecast>>;
  getAnomalies(range: DateRange): Promise<CostRead<CostAnomaly[]>>;
  getServiceRegionCosts(range: DateRange, metric: CostMetric, granularity?: Granularity): Promise<CostRead<{ unit: string; rows: ServiceRegionCost[] }>>;
};

/** What lib/costs asks the composition root for (lib/server/registry.ts): the reader of the configured cost source. */
export type CostProviders = { costReader(source: SourceConfig, opts: ReaderOptions): Promise<CostReader> };

const costProviders = providerSlot<CostProviders>("costs");

export type ReaderOptions = {
  now?: () => number;
  /** Refetch every answer (admin refresh). */
  force?: boolean;
  resolveSecret?: (name: string) => string | undefined;
  /** Tests: faster backoff, fewer retries. */
  client?: Partial<CostExplorerOptions>;
};

/** Cost Explorer through the database cache; throws CostExplorerNotConfiguredError without credentials. */
export async function createCostExplorerReader(sourceConfig: SourceConfig, opts: ReaderOptions = {}): Promise<CostReader> {
  const now = opts.now ?? Date.now;
  const refreshMs = costRefreshMs(sourceConfig);
  const tags = { ...DEFAULT_COST_TAGS, ...sourceConfig.costTags };
  const base = getCostExplorerOptions(sourceConfig, opts.resolveSecret ?? readSecretRef);
  // The last manual refresh makes every older answer due, whatever its query.
  const marker = await db().setting.findUnique({ where: { key: refreshMarkerKey(sourceConfig.name) } });
  const dueBefore = typeof marker?.value === "object" && marker.value && "at" in marker.value && typeof marker.value.at === "string" ? Date.parse(marker.value.at) : undefined;
  const today = msToDay(now());
  // A forcing reader refetches each query once, however many panels ask for it.
  const forced = new Set<string>();
  const cached = <T>(query: Record<string, unknown>, run: (src: CostSource) => Promise<T>) => {
    const id = JSON.stringify(query);
    const force = Boolean(opts.force) && !forced.has(id);
    forced.add(id);
    return readThroughCache({ source: sourceConfig.name, query, refreshMs, now: now(), force, dueBefore }, async (requests) => {
      const src = createAwsCostSource({ ...base, ...opts.client, tags, onRequest: (op) => requests.record(op) });
      return run(src);
    });
  };
  return {
    source: { name: sourceConfig.name, kind: "cost-explorer", refreshMs, tags },
    today,
    earliest: null,
    getCosts: (range, granularity, metric, groupBy) =>
      cached({ op: "costs", from: range.from, to: range.to, granularity, metric, groupBy, ...tagKeyOf(tags, groupBy) }, (s) => s.getCosts(range, granularity, metric, groupBy)),
    getForecast: (granularity, metric) => cached({ op: "forecast", asOf: today, granularity, metric }, (s) => s.getForecast(today, granularity, metric)),
    getAnomalies: (range) => cached({ op: "anomalies", from: range.from, to: range.to }, (s) => s.getAnomalies(range)),
    getServiceRegionCosts: (range, metric, granularity = "monthly") =>
      // Monthly keeps the query key it always had, so cached answers from before stay valid.
      cached(
        { op: "service-region", from: range.from, to: range.to, metric, ...(granularity === "daily" ? { granularity } : {}), ...(tags.service !== "service" ? { tag: tags.service } : {}) },
        (s) => s.getServiceRegionCosts(range, metric, granularity),
      ),
  };
}

/** The tag key in a cache query only when it is not the default, so answers cached before stay valid. */
function tagKeyOf(tags: CostTagKeys, groupBy: CostGroupBy): { tag?: string } {
  return groupBy !== "region" && groupBy !== "service" && tags[groupBy] !== groupBy ? { tag: tags[groupBy] } : {};
}

export function refreshMarkerKey(source: string): string {
  return `costs.refresh.${source}`;
}

/** The reader for the configuration in force. Throws SourceUnavailableError (424) when there is none or it lacks credentials. */
export async function getCostReader(opts: ReaderOptions = {}, config: MeridianConfig = getConfig()): Promise<CostReader> {
  const source = pickCostSource(config);
  if (!source) throw new SourceUnavailableError("No cost source is configured: add a source of kind cost-explorer to the configuration.", { kind: "not-configured", missing: [] });
  return (await costProviders(config)).costReader(source, opts);
}

export function isNotConfigured(error: unknown): error is SourceUnavailableError {
  return error instanceof CostExplorerNotConfiguredError || (error instanceof SourceUnavailableError && error.extra.kind === "not-configured");
}
