import { getConfig } from "@/lib/config/store";
import { demoFleet, type DemoFleet } from "./fleet";
import { getFleetState } from "./state";

/** The demo fleet as it is now (reads the scenario and failover overrides from the database). */
export async function loadDemoFleet(at = Date.now()): Promise<DemoFleet> {
  return demoFleet(getConfig(), await getFleetState(), at);
}
