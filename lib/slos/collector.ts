import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { SourceUnavailableError } from "@/lib/http/errors";
import { computeSloStatus } from "./math";
import type { SliError, SliSource } from "./sli-source";
import { sliSourceConfigs, sliSourceFor, slosForSource } from "./sources";
import { listSloDefinitions } from "./store";
import type { SloDefinition, SloStatus } from "./types";

export const SLOS_KIND = "slos";

/** What one SLI source's job stores: every SLO it answers, computed at one instant. */
export type SloSnapshot = {
  at: number;
  statuses: SloStatus[];
  /** Per-SLO problems (bad query); the SLO is still listed, without numbers. */
  errors: SliError[];
  queryCount: number;
  durationMs: number;
};

/**
 * One cycle for one source: every SLO's window rates in one batch, then the math. A source that is
 * down throws, so the job is marked failed and the last snapshot stays (stale, never blank).
 */
export async function collectSloSnapshot(source: SliSource, definitions: SloDefinition[], at: number, signal?: AbortSignal): Promise<SloSnapshot> {
  const started = performance.now();
  const batch = definitions.length ? await source.getWindowRates(definitions, at, signal) : { rates: [], errors: [], queryCount: 0, fetchedAt: at };
  const down = batch.errors.find((e) => e.slo === null);
  if (down) throw new SourceUnavailableError(down.message);
  const statuses = definitions.map((def, i) => computeSloStatus(def, batch.rates[i]));
  return { at, statuses, errors: batch.errors, queryCount: batch.queryCount, durationMs: Math.round(performance.now() - started) };
}

/** The regions a source's SLO jobs cover: its own list, else every configured region. */
export function sloJobRegions(source: SourceConfig, config: MeridianConfig): string[] {
  return source.kind === "demo" || !source.regions ? config.regions.map((r) => r.id) : source.regions;
}

export function sloJobName(source: string, region: string): string {
  return `${source}/${SLOS_KIND}/${region}`;
}

/**
 * One job per source and region (snapshot key = region), like the other domains: a region whose
 * SLI source goes dark fails its own job and reads "no data since", while the others stay current.
 */
function jobFor(source: SourceConfig, region: string, config: MeridianConfig): CollectionJob {
  return {
    name: sloJobName(source.name, region),
    source,
    intervalMs: source.interval,
    timeoutMs: source.timeout,
    async collect(signal) {
      // Definitions are read per run, so an edited SLO file takes effect without rebuilding jobs.
      const defs = slosForSource(source, config, listSloDefinitions()).filter((d) => d.region === region);
      const snapshot = await collectSloSnapshot(await sliSourceFor(source, config), defs, Date.now(), signal);
      return [{ kind: SLOS_KIND, key: region, data: snapshot, takenAt: new Date(snapshot.at) }];
    },
  };
}

export const slosCollector: CollectorDomain = {
  domain: SLOS_KIND,
  // Nothing to collect until the configuration names an SLO file.
  jobsFor: (config) => (config.slos ? sliSourceConfigs(config).flatMap((s) => sloJobRegions(s, config).map((region) => jobFor(s, region, config))) : []),
};
