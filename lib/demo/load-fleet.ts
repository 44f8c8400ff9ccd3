import { getConfig } from "@/lib/config/store";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { demoFleet, type DemoFleet } from "./fleet";
import { getFleetState } from "./state";

/** The demo fleet as it is now: the scenario and its own moves from the database, over the recorded topology. */
export async function loadDemoFleet(at = Date.now()): Promise<DemoFleet> {
  const config = getConfig();
  const [state, timeline] = await Promise.all([getFleetState(), loadTopologyTimeline(config)]);
  return demoFleet(config, state, at, timeline);
}
