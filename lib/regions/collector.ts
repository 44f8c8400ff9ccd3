import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectorDomain } from "@/lib/collector/types";
import { demoInventorySource } from "./providers/demo";

export const INVENTORY_KIND = "inventory";

export const inventoryCollector: CollectorDomain = {
  domain: INVENTORY_KIND,
  jobsFor: (config) =>
    regionJobs(config, INVENTORY_KIND, {
      demo: (_source, region, signal) => demoInventorySource.getRegionInventory(region, signal),
    }),
};
