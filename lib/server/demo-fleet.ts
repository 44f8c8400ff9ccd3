import "server-only";
import { getConfig } from "@/lib/config/store";
import { demoFleet, type DemoFleet } from "@/lib/demo/fleet";
import { getFleetState } from "@/lib/demo/state";
import { loadTopologyTimeline } from "@/lib/topology/store";

/**
 * The demo fleet as it is now: the scenario and its own moves from the database, over the recorded
 * topology. The root loads it and hands it to the demo providers, so the demo simulates its past
 * from the recorded timeline without reading the topology domain itself.
 */
export async function loadDemoFleet(at = Date.now()): Promise<DemoFleet> {
  const config = getConfig();
  const [state, timeline] = await Promise.all([getFleetState(), loadTopologyTimeline(config)]);
  return demoFleet(config, state, at, timeline);
}
