import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectorDomain } from "@/lib/collector/types";
import { withHealthSince } from "./health-since";
import { eksJobs, kubernetesJobs } from "./live-jobs";
import { providerSlot } from "@/lib/registry/slot";
import type { RegionsProviders } from "./types";

import { INVENTORY_KIND } from "./types";

export { INVENTORY_KIND };

const providers = providerSlot<RegionsProviders>("regions");

export const inventoryCollector: CollectorDomain = {
  domain: INVENTORY_KIND,
  jobsFor: (config) => [
    ...regionJobs(config, INVENTORY_KIND, {
      // The simulated fleet answers per region; which implementation reads it is the registry's choice.
      demo: async (source, region, signal) => withHealthSince(INVENTORY_KIND, region, await (await providers(config)).inventorySource(source).getRegionInventory(region, signal)),
    }),
    ...config.sources.flatMap((s) => (s.kind === "kubernetes" ? kubernetesJobs(config, s) : s.kind === "eks" ? eksJobs(config, s) : [])),
  ],
};
