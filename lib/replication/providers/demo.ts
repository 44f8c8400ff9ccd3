import type { DemoFleet } from "@/lib/demo/fleet";
import { getDemoLag, getDemoLagSeries } from "@/lib/demo/replication";
import type { LagSource } from "../lag-source";

/** Lag from the simulated fleet; `getFleet` is called per read so scenario changes apply at once. */
export function createDemoLagSource(getFleet: (at: number) => DemoFleet | Promise<DemoFleet>): LagSource {
  return {
    async getLag(link, at) {
      return { sample: getDemoLag(await getFleet(at), link, at), series: 1, note: null };
    },
    async getLagSeries(link, range, stepSec) {
      return getDemoLagSeries(await getFleet(range.end), link, range.start, range.end, stepSec);
    },
  };
}
