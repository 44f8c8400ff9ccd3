import { assertRegionReachable, getRegionDarkSince, type DemoFleet } from "@/lib/demo/fleet";
import { demoLatencyQuantileMs } from "@/lib/demo/latency";
import { demoWindowRates } from "@/lib/demo/slis";
import type { SliSource } from "../sli-source";
import { seriesRateWindowSec } from "../sli-source";
import { BURN_WINDOWS, BURN_WINDOW_MS, LATENCY_WINDOW_MS, type BurnWindow, type LatencyReading, type SloDefinition, type SloWindowRates, type WindowRates } from "../types";

/** The simulated fleet measures latency: the SLO's percentile over the last 5 minutes (the 5m burn window's rates). */
function demoLatency(slo: SloDefinition, recent: WindowRates): LatencyReading | null {
  if (slo.kind !== "latency" || slo.thresholdMs === null) return null;
  const quantile = slo.objective / 100;
  const good = recent && recent.total > 0 ? recent.good / recent.total : null;
  return { quantile, ms: demoLatencyQuantileMs(good, slo.thresholdMs, quantile), windowMs: LATENCY_WINDOW_MS };
}

/** SLIs from the simulated fleet; `getFleet` gives the fleet as it stands (scenario, failovers). */
export function createDemoSliSource(getFleet: () => DemoFleet | Promise<DemoFleet>): SliSource {
  return {
    kind: "demo",
    async getWindowRates(slos, at) {
      const fleet = await getFleet();
      // A dark region's Prometheus does not answer: the job fails and its SLOs read "no data since".
      for (const region of new Set(slos.map((s) => s.region))) assertRegionReachable(fleet, region);
      const rates: SloWindowRates[] = slos.map((slo) => {
        const burn = Object.fromEntries(BURN_WINDOWS.map((w) => [w, demoWindowRates(fleet, slo, at, BURN_WINDOW_MS[w])])) as Record<BurnWindow, WindowRates>;
        const latency = demoLatency(slo, burn["5m"]);
        return { slo: slo.id, at, window: demoWindowRates(fleet, slo, at, slo.windowMs), burn, ...(latency ? { latency } : {}), notes: [] };
      });
      return { rates, errors: [], queryCount: 0, fetchedAt: Date.now() };
    },
    async getSeries(slo, range) {
      const fleet = await getFleet();
      const stepMs = range.stepSec * 1000;
      const rateWindow = seriesRateWindowSec(range.stepSec) * 1000;
      const points = [];
      // Nothing was scraped in a dark region: the series ends where its sources went dark.
      const dark = getRegionDarkSince(fleet, slo.region);
      const end = dark === null ? range.end : Math.min(range.end, dark - 1);
      // Aligned to the step like Prometheus's query_range.
      for (let t = range.start; t <= end; t += stepMs) {
        points.push({ t, step: demoWindowRates(fleet, slo, t, rateWindow), window: demoWindowRates(fleet, slo, t, slo.windowMs) });
      }
      return { slo: slo.id, stepSec: range.stepSec, points, notes: dark !== null && dark <= range.end ? [`no data since ${new Date(dark).toISOString()}: ${slo.region}'s sources are dark`] : [] };
    },
  };
}
