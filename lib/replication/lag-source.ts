import type { SourceConfig } from "@/lib/config/schema";
import type { LinkConfig } from "./config-schema";
import type { LagReading, LagSample } from "./types";

export type LagRangeQuery = { start: number; end: number };

/**
 * Reads replication lag for configured links. One implementation per source kind
 * (demo, prometheus, cloudwatch). Errors from the outside system surface as
 * SourceUnavailableError; a source that answers with no usable value returns sample: null.
 */
export interface LagSource {
  getLag(link: LinkConfig, at: number, signal: AbortSignal): Promise<LagReading>;
  /** Samples in [start, end] (epoch ms), oldest first, about every stepSec. */
  getLagSeries(link: LinkConfig, range: LagRangeQuery, stepSec: number, signal: AbortSignal): Promise<LagSample[]>;
}

/** What lib/replication asks the composition root for (lib/server/registry.ts). */
export type ReplicationProviders = {
  lagSource(source: SourceConfig, opts?: { pinnedAt?: number }): LagSource;
  /** A modelled last-backup time (the demo fleet's nightly backups); null where the configured backup sources are read. */
  modelledBackupAt: ((service: string, now: number) => string) | null;
};
