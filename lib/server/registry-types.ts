import type { CostProviders } from "@/lib/costs/cost-reader";
import type { DeploymentsProviders } from "@/lib/deployments/types";
import type { FailoverProviders } from "@/lib/failovers/providers";
import type { RegionsProviders } from "@/lib/regions/types";
import type { ReplicationProviders } from "@/lib/replication/lag-source";
import type { SloProviders } from "@/lib/slos/sli-source";
import type { CollectionProviders } from "@/lib/snapshots/freshness";
import type { TopologyProviders } from "@/lib/topology/evidence";

/**
 * The one place that decides whether the console runs the simulated fleet or the live sources.
 * Built once per configuration (a reload builds the next one), it hands each domain the small
 * interfaces it reads through; lib/registry/slot.ts is how a domain asks. The demo fleet is one
 * implementation of those interfaces and is loaded only for a demo configuration.
 */
export type ProviderRegistry = {
  mode: "demo" | "live";
  slos: SloProviders;
  replication: ReplicationProviders;
  costs: CostProviders;
  regions: RegionsProviders;
  deployments: DeploymentsProviders;
  topology: TopologyProviders;
  failovers: FailoverProviders;
  collection: CollectionProviders;
  /** Writes what the fleet has before anyone looks (the demo's drill and deployment history); idempotent. */
  seed?: () => Promise<void>;
};
