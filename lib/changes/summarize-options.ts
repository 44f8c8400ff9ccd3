import { getConfig } from "@/lib/config/store";
import { configuredTimeline } from "@/lib/topology/timeline";
import type { RoleResolver } from "@/lib/topology/types";
import type { WorkspaceConfig } from "./config-schema";
import type { SummarizeOptions } from "./plan-summary";

/**
 * What summarizePlan needs: the workspace's regions and services, and where its services are active
 * as recorded at `at` (the plan's time: a failover since moves the blast radius with it).
 */
export function getSummarizeOptions(ws: WorkspaceConfig, roles: RoleResolver = configuredTimeline(getConfig()), at = Date.now()): SummarizeOptions {
  const config = getConfig();
  const services = config.systems.flatMap((s) => s.services);
  const touched = services.filter((s) => ws.services.includes(s.id));
  const activeRegions = [...new Set(touched.flatMap((s) => Object.entries(roles.rolesAt(s.id, at)).filter(([, role]) => role !== "dormant").map(([r]) => r)))];
  return {
    workspaceRegions: ws.regions,
    activeRegions,
    workspaceServices: ws.services,
    knownServices: services.map((s) => s.id),
    knownRegions: config.regions.map((r) => r.id),
    // Counts and blast radius cover every resource; the stored list is what the page can page through.
    maxResources: 20_000,
    maxAttributesPerResource: 100,
  };
}
