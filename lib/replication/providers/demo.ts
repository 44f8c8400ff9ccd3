import type { DemoFleet } from "@/lib/demo/fleet";
import { getDemoLag, getDemoLagSeries, isDemoLinkDark } from "@/lib/demo/replication";
import { SourceUnavailableError } from "@/lib/http/errors";
import type { LinkConfig } from "../config-schema";
import type { LagSource } from "../lag-source";

/** A dark region's metrics endpoint does not answer: reads fail, as a live source's would. */
function assertReachable(fleet: DemoFleet, link: LinkConfig, at: number): void {
  if (isDemoLinkDark(fleet, link, at)) throw new SourceUnavailableError(`${link.from} → ${link.to}: connection timed out (demo scenario ${fleet.state.scenario})`);
}

/** Lag from the simulated fleet; `getFleet` is called per read so scenario changes apply at once. */
export function createDemoLagSource(getFleet: (at: number) => DemoFleet | Promise<DemoFleet>): LagSource {
  return {
    async getLag(link, at) {
      const fleet = await getFleet(at);
      assertReachable(fleet, link, at);
      return { sample: getDemoLag(fleet, link, at), series: 1, note: null };
    },
    async getLagSeries(link, range, stepSec) {
      const fleet = await getFleet(range.end);
      assertReachable(fleet, link, range.end);
      return getDemoLagSeries(fleet, link, range.start, range.end, stepSec);
    },
  };
}
