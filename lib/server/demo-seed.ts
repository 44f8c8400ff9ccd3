import "server-only";
import type { MeridianConfig } from "@/lib/config/schema";
import { db } from "@/lib/db/client";
import { createFleetStateIfAbsent } from "@/lib/demo/state";
import { backfillDemoHistory } from "@/lib/deployments/providers/demo-history";
import { seedDemoDrillHistory } from "@/lib/failovers/providers/demo-drill-history";
import { loadDemoFleet } from "./demo-fleet";

/**
 * The demo fleet's past, written when the registry starts on a demo configuration, never by a read:
 * its state (scenario, anchor) and, by the one process that created it, its drill history, in one
 * transaction; then 30 days of releases for each region its demo sources cover that has none yet
 * (deterministic events, inserted with ON CONFLICT DO NOTHING, so two starting processes agree).
 */
export async function seedDemoFleet(config: MeridianConfig): Promise<{ created: boolean; drills: number; deploymentEvents: number }> {
  const { created, drills } = await db().$transaction(async (tx) => {
    const { state, created } = await createFleetStateIfAbsent(tx);
    return { created, drills: created ? await seedDemoDrillHistory(tx, config, new Date(state.anchor)) : 0 };
  });
  const regions = [...new Set(config.sources.filter((s) => s.kind === "demo").flatMap((s) => s.regions ?? config.regions.map((r) => r.id)))];
  const deploymentEvents = await backfillDemoHistory(() => loadDemoFleet(), regions);
  return { created, drills, deploymentEvents };
}
