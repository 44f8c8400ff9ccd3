import { assertRegionReachable, regionHealthFactor } from "@/lib/demo/fleet";
import { loadDemoFleet } from "@/lib/demo/load-fleet";
import { demoWorkloads } from "@/lib/demo/versions";
import type { DeploymentSource } from "../types";

export const demoDeploymentSource: DeploymentSource = {
  async getDeployments(region) {
    const fleet = await loadDemoFleet();
    assertRegionReachable(fleet, region);
    const factor = regionHealthFactor(fleet, region);
    return { region, workloads: demoWorkloads(fleet.topology, region, fleet.at, fleet.opts, () => factor) };
  },
};
