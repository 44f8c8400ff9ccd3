import type { MeridianConfig } from "@/lib/config/schema";
import { SourceUnavailableError } from "@/lib/http/errors";
import { AFFECTED_REGION } from "./scenarios";
import type { FleetState } from "./state";
import { buildTopology, type Topology, type TopologyService } from "./topology";
import type { DemoOptions } from "./versions";

/** Everything a demo generator needs to answer for one moment: pure data, no I/O. */
export type DemoFleet = { config: MeridianConfig; state: FleetState; topology: Topology; opts: DemoOptions; at: number };

export function demoFleet(config: MeridianConfig, state: FleetState, at: number): DemoFleet {
  return {
    config,
    state,
    topology: buildTopology(config, state),
    opts: { seed: config.demo?.seed ?? 42, anchorMs: Date.parse(state.anchor), demo: config.demo },
    at,
  };
}

/** 1 = healthy, lower = share of replicas ready, 0 = down. */
export function regionHealthFactor(fleet: DemoFleet, region: string): number {
  if (region !== AFFECTED_REGION) return 1;
  if (fleet.state.scenario === "eu-west-1-outage") return 0;
  if (fleet.state.scenario === "eu-west-1-degraded") return 0.6;
  return 1;
}

/** When the region's sources went dark (the outage's start), or null while they answer. */
export function getRegionDarkSince(fleet: Pick<DemoFleet, "state">, region: string): number | null {
  return region === AFFECTED_REGION && fleet.state.scenario === "eu-west-1-outage" ? Date.parse(fleet.state.scenarioSince) : null;
}

/** In an outage the region's own sources go dark: collection fails and pages show last-known data. */
export function assertRegionReachable(fleet: DemoFleet, region: string): void {
  if (regionHealthFactor(fleet, region) === 0) {
    throw new SourceUnavailableError(`${region}: connection timed out (demo scenario ${fleet.state.scenario})`);
  }
}

export function servicesIn(fleet: DemoFleet, region: string): TopologyService[] {
  return fleet.topology.services.filter((s) => s.roles[region]);
}
