import { getRunbookServices } from "@/lib/runbooks/config-schema";
import type { DemoFleet } from "@/lib/demo/fleet";
import type { EvidenceReading, TopologyEvidenceSource } from "../evidence";

/**
 * The demo fleet's own world: where its move log puts each runbook's services. It differs from the
 * record only when steps moved the fleet and no succeeded run recorded it (an interrupted run).
 */
export function createDemoEvidenceSource(loadFleet: () => Promise<DemoFleet>): TopologyEvidenceSource {
  return {
    kind: "demo",
    async observe(config) {
      const fleet = await loadFleet();
      const out: EvidenceReading = { observations: [], errors: [] };
      for (const rb of config.runbooks) {
        for (const id of getRunbookServices(rb)) {
          const active = fleet.topology.services.find((s) => s.id === id)?.activeRegion;
          if (!active) continue;
          // The move log knows the instant the fleet put it there (none: where it was configured).
          const last = fleet.state.moves.filter((m) => m.service === id).at(-1);
          const since = last?.region === active ? last.at : undefined;
          out.observations.push({ runbook: rb.service, step: "demo fleet", kind: "demo-fleet", services: [id], activeRegion: active, detail: `the simulated fleet serves ${id} from ${active}`, ...(since ? { since } : {}) });
        }
      }
      return out;
    },
  };
}

