import type { DemoFleet } from "@/lib/demo/fleet";
import { demoWindowRates } from "@/lib/demo/slis";
import type { SliSource } from "../sli-source";
import { seriesRateWindowSec } from "../sli-source";
import { BURN_WINDOWS, BURN_WINDOW_MS, type BurnWindow, type SloWindowRates, type WindowRates } from "../types";

/** SLIs from the simulated fleet; `getFleet` gives the fleet as it stands (scenario, failovers). */
export function createDemoSliSource(getFleet: () => DemoFleet | Promise<DemoFleet>): SliSource {
  return {
    kind: "demo",
    async getWindowRates(slos, at) {
      const fleet = await getFleet();
      const rates: SloWindowRates[] = slos.map((slo) => {
        const burn = Object.fromEntries(BURN_WINDOWS.map((w) => [w, demoWindowRates(fleet, slo, at, BURN_WINDOW_MS[w])])) as Record<BurnWindow, WindowRates>;
        return { slo: slo.id, at, window: demoWindowRates(fleet, slo, at, slo.windowMs), burn, notes: [] };
      });
      return { rates, errors: [], queryCount: 0, fetchedAt: Date.now() };
    },
    async getSeries(slo, range) {
      const fleet = await getFleet();
      const stepMs = range.stepSec * 1000;
      const rateWindow = seriesRateWindowSec(range.stepSec) * 1000;
      const points = [];
      // Aligned to the step like Prometheus's query_range.
      for (let t = range.start; t <= range.end; t += stepMs) {
        points.push({ t, step: demoWindowRates(fleet, slo, t, rateWindow), window: demoWindowRates(fleet, slo, t, slo.windowMs) });
      }
      return { slo: slo.id, stepSec: range.stepSec, points, notes: [] };
    },
  };
}
