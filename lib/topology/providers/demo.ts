import { getRunbookServices } from "@/lib/failovers/config-schema";
import { loadDemoFleet } from "@/lib/demo/load-fleet";
import type { EvidenceReading, TopologyEvidenceSource } from "../evidence";

/**
 * The demo fleet's own world: where its move log puts each runbook's services. It differs from the
 * record only when steps moved the fleet and no succeeded run recorded it (an interrupted run).
 */
export const demoEvidenceSource: TopologyEvidenceSource = {
  kind: "demo",
  async observe(config) {
    const fleet = await loadDemoFleet();
    const out: EvidenceReading = { observations: [], errors: [] };
    for (const rb of config.runbooks) {
      const byRegion = new Map<string, string[]>();
      for (const id of getRunbookServices(rb)) {
        const active = fleet.topology.services.find((s) => s.id === id)?.activeRegion;
        if (active) byRegion.set(active, [...(byRegion.get(active) ?? []), id]);
      }
      for (const [region, services] of byRegion)
        out.observations.push({ runbook: rb.service, step: "demo fleet", kind: "demo-fleet", services, activeRegion: region, detail: `the simulated fleet serves ${services.join(", ")} from ${region}` });
    }
    return out;
  },
};
