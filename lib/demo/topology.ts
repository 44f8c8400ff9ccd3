import type { MeridianConfig, ServiceRole } from "@/lib/config/schema";
import type { FleetState } from "./state";

export type TopologyService = {
  id: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  stateful: boolean;
  tier: "critical" | "standard";
  roles: Record<string, ServiceRole>;
  activeRegion: string | null;
};

export type Topology = {
  regions: MeridianConfig["regions"];
  clusters: MeridianConfig["clusters"];
  services: TopologyService[];
};

/**
 * The fleet as it stands now: the configuration's roles with demo failovers applied
 * (the promoted region becomes active, the old active one dormant).
 */
export function buildTopology(config: MeridianConfig, state: Pick<FleetState, "activeOverrides">): Topology {
  const services: TopologyService[] = [];
  for (const system of config.systems) {
    for (const svc of system.services) {
      const roles = { ...svc.regions };
      const override = state.activeOverrides[svc.id];
      if (override && roles[override] === "dormant") {
        for (const [region, role] of Object.entries(roles)) if (role === "active") roles[region] = "dormant";
        roles[override] = "active";
      }
      const activeRegion = Object.entries(roles).find(([, role]) => role === "active")?.[0] ?? null;
      services.push({
        id: svc.id,
        name: svc.name,
        system: system.id,
        systemName: system.name,
        team: svc.team,
        stateful: svc.stateful,
        tier: svc.tier,
        roles,
        activeRegion,
      });
    }
  }
  return { regions: config.regions, clusters: config.clusters, services };
}
