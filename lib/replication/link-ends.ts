import type { RoleMap } from "@/lib/topology/types";
import type { LinkConfig } from "./config-schema";

/**
 * Which way a link runs under these roles: from the service's active region. The configuration
 * names the link once (from → to); after a failover it runs the other way round.
 */
export function linkEnds(link: Pick<LinkConfig, "from" | "to">, roles: RoleMap): { from: string; to: string } {
  return roles[link.to] === "active" && roles[link.from] !== "active" ? { from: link.to, to: link.from } : { from: link.from, to: link.to };
}

/** A name for the link that says which way it runs now, e.g. "leaderboard-db us-east-1 → eu-west-1". */
export function linkDisplayName(link: Pick<LinkConfig, "service">, ends: { from: string; to: string }): string {
  return `${link.service} ${ends.from} → ${ends.to}`;
}
