import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import type { DemoFleet } from "@/lib/demo/fleet";
import { loadDemoFleet } from "@/lib/demo/load-fleet";
import { readSecretRef } from "@/lib/env";
import { SourceUnavailableError } from "@/lib/http/errors";
import { createCloudWatch, type CloudWatch } from "@/lib/sources/aws-cloudwatch";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import type { LinkConfig } from "./config-schema";
import type { LagSource } from "./lag-source";
import { createCloudWatchLagSource } from "./providers/cloudwatch";
import { createDemoLagSource } from "./providers/demo";
import { createPrometheusLagSource } from "./providers/prometheus";

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

function secret(ref: string | undefined): string | undefined {
  return ref ? readSecretRef(ref.slice("env:".length)) : undefined;
}

/**
 * A LagSource for one configured source. `fleet` pins the demo fleet for one collection cycle
 * (one database read for all links); without it the demo fleet is loaded per read.
 */
export function createLagSource(source: SourceConfig, fleet?: () => Promise<DemoFleet>): LagSource {
  switch (source.kind) {
    case "demo":
      return createDemoLagSource(fleet ?? ((at) => loadDemoFleet(at)));
    case "prometheus": {
      if (!source.url) throw new SourceUnavailableError(`source ${source.name}: no url configured`);
      return createPrometheusLagSource(createPrometheusClient({ url: source.url, timeoutMs: source.timeout, bearerToken: secret(source.bearerToken) }));
    }
    case "cloudwatch": {
      const clients = new Map<string, CloudWatch>();
      return createCloudWatchLagSource((region) => {
        // Keys, the default chain, or an assumed role: as every AWS source (an unset variable is named).
        const client = clients.get(region) ?? createCloudWatch({ region, credentials: getAwsCredentials(source, { region }), endpoint: source.endpoint, timeoutMs: source.timeout });
        clients.set(region, client);
        return client;
      });
    }
    default:
      throw new SourceUnavailableError(`source ${source.name} (${source.kind}) cannot read replication lag`);
  }
}
