import type { DemoFleet } from "@/lib/demo/fleet";
import { demoRegionInventory } from "@/lib/demo/inventory";
import type { InventorySource } from "../types";

/** The simulated fleet's inventory, as it is when asked (`loadFleet` reads the scenario and the recorded topology). */
export function createDemoInventorySource(loadFleet: () => Promise<DemoFleet>): InventorySource {
  return {
    async getRegionInventory(region) {
      return demoRegionInventory(await loadFleet(), region);
    },
  };
}
