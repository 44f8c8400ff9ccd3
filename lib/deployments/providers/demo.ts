import { assertRegionReachable, regionHealthFactor, type DemoFleet } from "@/lib/demo/fleet";
import { demoWorkloads } from "@/lib/demo/versions";
import type { DeploymentSource } from "../types";

/** The simulated fleet's workloads and versions, as they are when asked. */
export function createDemoDeploymentSource(loadFleet: () => Promise<DemoFleet>): DeploymentSource {
  return {
    async getDeployments(region) {
      const fleet = await loadFleet();
      assertRegionReachable(fleet, region);
      const factor = regionHealthFactor(fleet, region);
      return { region, workloads: demoWorkloads(fleet.topology, region, fleet.at, fleet.opts, () => factor) };
    },
  };
}
