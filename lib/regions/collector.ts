import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectorDomain } from "@/lib/collector/types";
import { withHealthSince } from "./health-since";
import { eksJobs, kubernetesJobs } from "./live-jobs";
import { demoInventorySource } from "./providers/demo";

export const INVENTORY_KIND = "inventory";

export const inventoryCollector: CollectorDomain = {
  domain: INVENTORY_KIND,
  jobsFor: (config) => [
    ...regionJobs(config, INVENTORY_KIND, {
      demo: async (_source, region, signal) => withHealthSince(INVENTORY_KIND, region, await demoInventorySource.getRegionInventory(region, signal)),
    }),
    ...config.sources.flatMap((s) => (s.kind === "kubernetes" ? kubernetesJobs(config, s, "inventory") : s.kind === "eks" ? eksJobs(config, s) : [])),
  ],
};
