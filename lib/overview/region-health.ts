import type { Health } from "@/lib/regions/types";
import type { SloStatus } from "@/lib/slos/types";

export type PagingSlo = { name: string; service: string; burn1h: number | null };

/**
 * A region whose SLOs page is at best "degraded": the inventory can say every pod is ready while
 * users get errors or 7 s answers. Worse words (down, unreachable) stay; the why names the SLOs.
 */
export function withSloPaging(health: Health, paging: PagingSlo[]): { health: Health; why: string | null } {
  if (paging.length === 0) return { health, why: null };
  const worst = [...paging].sort((a, b) => (b.burn1h ?? 0) - (a.burn1h ?? 0));
  const named = worst.slice(0, 2).map((s) => `${s.service} ${s.name}${s.burn1h === null ? "" : ` at ${s.burn1h.toFixed(0)}×`}`).join(", ");
  const why = `${paging.length} SLO${paging.length === 1 ? "" : "s"} paging: ${named}${paging.length > 2 ? ` and ${paging.length - 2} more` : ""}`;
  return { health: health === "healthy" || health === "unknown" ? "degraded" : health, why };
}

/**
 * Each region's health as every page words it (overview tiles, the Regions page and API, a region's
 * page): the inventory's, made at best "degraded" by the region's paging SLOs. The one place it is decided.
 */
export function wordRegionHealth<R extends { id: string; health: Health }>(regions: R[], statuses: Array<Pick<SloStatus, "region" | "state" | "name" | "service" | "burnRates">>): Array<R & { healthWhy: string | null }> {
  return regions.map((r) => {
    const paging = statuses.filter((s) => s.region === r.id && s.state === "page").map((s) => ({ name: s.name, service: s.service, burn1h: s.burnRates["1h"] }));
    const word = withSloPaging(r.health, paging);
    return { ...r, health: word.health, healthWhy: word.why };
  });
}
