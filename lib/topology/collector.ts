import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { isDemoMode } from "@/lib/config/store";
import { getSnapshot } from "@/lib/snapshots/store";
import { carrySince, TOPOLOGY_EVIDENCE_KIND, type EvidenceSnapshot, type TopologyProviders } from "./evidence";
import { providerSlot } from "@/lib/registry/slot";
import { hasAwsEvidence } from "./providers/aws";

export const TOPOLOGY_DOMAIN = "topology";
export const EVIDENCE_KEY = "evidence";

const providers = providerSlot<TopologyProviders>("topology");

function job(source: SourceConfig, config: MeridianConfig): CollectionJob {
  return {
    name: `${source.name}/${TOPOLOGY_DOMAIN}/${EVIDENCE_KEY}`,
    source,
    intervalMs: source.interval,
    timeoutMs: source.timeout,
    async collect(signal) {
      const provider = (await providers(config)).evidenceSource(source);
      const [reading, previous] = await Promise.all([provider.observe(config, signal), getSnapshot<EvidenceSnapshot>(TOPOLOGY_EVIDENCE_KIND, EVIDENCE_KEY)]);
      // Every read failed: the source is down (stale, last readings kept), not "no evidence".
      if (reading.observations.length === 0 && reading.errors.length > 0) throw new Error(reading.errors.map((e) => `${e.step}: ${e.message}`).join("; "));
      return [{ kind: TOPOLOGY_EVIDENCE_KIND, key: EVIDENCE_KEY, data: carrySince(reading, previous?.data ?? null, new Date().toISOString()) }];
    },
  };
}

/** Each cycle, what the systems that know say about where services are active (compared with the record on read). */
export const topologyCollector: CollectorDomain = {
  domain: TOPOLOGY_DOMAIN,
  jobsFor(config) {
    if (isDemoMode(config)) return config.sources.filter((s) => s.kind === "demo").slice(0, 1).map((s) => job(s, config));
    if (!hasAwsEvidence(config)) return [];
    // One reader of the record-keeping systems: the first aws source (per-region credentials are picked per call).
    const aws = config.sources.find((s) => s.kind === "aws");
    return aws ? [job(aws, config)] : [];
  },
};
