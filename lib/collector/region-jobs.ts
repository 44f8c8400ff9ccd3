import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import type { SnapshotWrite } from "@/lib/snapshots/store";
import type { CollectionJob } from "./types";

/**
 * One job per (source, region) for the sources a domain can read, so one dark region
 * never holds up another. `read` returns the snapshot data for that region.
 */
export function regionJobs(
  config: MeridianConfig,
  domain: string,
  providers: Partial<Record<SourceConfig["kind"], (source: SourceConfig, region: string, signal: AbortSignal) => Promise<unknown>>>,
  afterSave?: CollectionJob["afterSave"],
): CollectionJob[] {
  const jobs: CollectionJob[] = [];
  for (const source of config.sources) {
    const read = providers[source.kind];
    if (!read) continue;
    const regions = source.regions ?? config.regions.map((r) => r.id);
    for (const region of regions) {
      jobs.push({
        name: `${source.name}/${domain}/${region}`,
        source,
        intervalMs: source.interval,
        timeoutMs: source.timeout,
        async collect(signal): Promise<SnapshotWrite[]> {
          return [{ kind: domain, key: region, data: await read(source, region, signal) }];
        },
        afterSave,
      });
    }
  }
  return jobs;
}
