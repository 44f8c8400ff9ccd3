import { getConfig } from "@/lib/config/store";
import { freshnessFor, type Freshness } from "@/lib/snapshots/freshness";
import { listSnapshots } from "@/lib/snapshots/store";
import { INVENTORY_KIND } from "./collector";
import type { Health, RegionInventory } from "./types";

export type RegionSummary = {
  id: string;
  name: string;
  health: Health;
  clusters: number;
  nodes: number;
  services: { active: number; dormant: number; activeActive: number };
  fetchedAt: string | null;
  stale: boolean;
};

/** One line per configured region from the latest inventory snapshots; a region never collected is "unknown". */
export async function listRegionSummaries(): Promise<{ regions: RegionSummary[]; freshness: Freshness }> {
  const [snapshots, freshness] = await Promise.all([listSnapshots<RegionInventory>(INVENTORY_KIND), freshnessFor(INVENTORY_KIND)]);
  const byRegion = new Map(snapshots.map((s) => [s.key, s]));
  const staleRegions = new Set(freshness.staleSources.map((s) => s.name.split("/")[2]));
  const regions = getConfig().regions.map((r): RegionSummary => {
    const snap = byRegion.get(r.id);
    const inv = snap?.data;
    const stale = staleRegions.has(r.id) || !snap;
    return {
      id: r.id,
      name: r.name,
      // Last-known health of a dark region is not evidence it is fine.
      health: !inv ? "unknown" : stale ? "unknown" : inv.health,
      clusters: inv?.clusters.length ?? 0,
      nodes: inv?.clusters.reduce((n, c) => n + c.nodes, 0) ?? 0,
      services: {
        active: inv?.services.filter((s) => s.role === "active").length ?? 0,
        dormant: inv?.services.filter((s) => s.role === "dormant").length ?? 0,
        activeActive: inv?.services.filter((s) => s.role === "active-active").length ?? 0,
      },
      fetchedAt: snap?.fetchedAt ?? null,
      stale,
    };
  });
  return { regions, freshness };
}
