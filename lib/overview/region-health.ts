import type { Health } from "@/lib/regions/types";

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
