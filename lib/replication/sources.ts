import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { providerSlot } from "@/lib/registry/slot";
import type { LinkConfig } from "./config-schema";
import type { LagSource, ReplicationProviders } from "./lag-source";

const LAG_SOURCE_KINDS = new Set<SourceConfig["kind"]>(["demo", "prometheus", "cloudwatch"]);

/** The source a link reads from: the one it names, else the first demo source; null when neither exists. */
export function getLinkSource(config: MeridianConfig, link: LinkConfig): SourceConfig | null {
  const named = link.source ? config.sources.find((s) => s.name === link.source) : config.sources.find((s) => s.kind === "demo");
  return named && LAG_SOURCE_KINDS.has(named.kind) ? named : null;
}

/** Links grouped by the source that reads them (one collection job each). */
export function groupLinksBySource(config: MeridianConfig): Array<{ source: SourceConfig; links: LinkConfig[] }> {
  const groups = new Map<string, { source: SourceConfig; links: LinkConfig[] }>();
  for (const link of config.links) {
    const source = getLinkSource(config, link);
    if (!source) continue;
    const g = groups.get(source.name) ?? { source, links: [] };
    g.links.push(link);
    groups.set(source.name, g);
  }
  return [...groups.values()];
}

export const replicationProviders = providerSlot<ReplicationProviders>("replication");

/**
 * The LagSource for one configured source, as the composition root's registry builds it. `pinnedAt`
 * pins what the source simulates to one instant for a collection cycle (the demo fleet: one
 * database read for all links); live sources ignore it.
 */
export async function lagSourceFor(source: SourceConfig, config: MeridianConfig = getConfig(), opts: { pinnedAt?: number } = {}): Promise<LagSource> {
  return (await replicationProviders(config)).lagSource(source, opts);
}
