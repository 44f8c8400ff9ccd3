import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import type { SnapshotWrite } from "@/lib/snapshots/store";

/** One unit of collection: a source × domain × key (usually a region), collected on its own. */
export type CollectionJob = {
  /** Unique and stable, e.g. "demo/inventory/eu-west-1"; it names the SourceStatus row. */
  name: string;
  source: SourceConfig;
  intervalMs: number;
  timeoutMs: number;
  collect(signal: AbortSignal): Promise<SnapshotWrite[]>;
  /** Runs after the snapshots are stored (e.g. deriving deployment events). */
  afterSave?(writes: SnapshotWrite[], fetchedAt: Date): Promise<void>;
};

/** A domain turns configured sources into jobs; lib/collector/domains.ts lists them. */
export type CollectorDomain = {
  domain: string;
  jobsFor(config: MeridianConfig): CollectionJob[];
};
