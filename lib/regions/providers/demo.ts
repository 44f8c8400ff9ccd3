import { demoRegionInventory } from "@/lib/demo/inventory";
import { loadDemoFleet } from "@/lib/demo/load-fleet";
import type { InventorySource } from "../types";

export const demoInventorySource: InventorySource = {
  async getRegionInventory(region) {
    return demoRegionInventory(await loadDemoFleet(), region);
  },
};
