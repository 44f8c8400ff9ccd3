import type { MeridianConfig } from "@/lib/config/schema";
import { SourceUnavailableError } from "@/lib/http/errors";
import { configuredTimeline, periodStartAt, topologyAt, withActiveRegion, type TopologyTimeline } from "@/lib/topology/timeline";
import type { RoleMap, RoleResolver, Topology, TopologyService } from "@/lib/topology/types";
import { AFFECTED_REGION } from "./scenarios";
import type { DemoMove, FleetState } from "./state";
import type { DemoOptions } from "./versions";

/**
 * Everything a demo generator needs to answer for one moment: pure data, no I/O. `roles` answers for
 * any time: the recorded topology, with the demo's own moves on top where they are newer than the
 * record (a run in flight, or one that moved the fleet and was never recorded). So the simulated
 * past is the recorded past, and nothing the fleet has shown changes when a failover is recorded.
 */
export type DemoFleet = {
  config: MeridianConfig;
  state: FleetState;
  roles: RoleResolver;
  /** Changes when the recorded topology or the demo's moves do: a cache key for generated data. */
  rolesKey: string;
  topology: Topology;
  opts: DemoOptions;
  at: number;
};

/** The recorded timeline with the demo's moves laid over it. */
export function demoRoleResolver(timeline: TopologyTimeline, moves: readonly DemoMove[]): RoleResolver {
  const byService = new Map<string, Array<{ region: string; at: number }>>();
  for (const m of moves) {
    const list = byService.get(m.service) ?? [];
    list.push({ region: m.region, at: Date.parse(m.at) });
    byService.set(m.service, list);
  }
  for (const list of byService.values()) list.sort((a, b) => a.at - b.at);
  return {
    rolesAt(service, t): RoleMap {
      const recorded = timeline.rolesAt(service, t);
      const list = byService.get(service);
      if (!list) return recorded;
      let move: { region: string; at: number } | null = null;
      for (const m of list) if (m.at <= t) move = m;
      // A record at or after the move is what holds (it says the same, or someone recorded otherwise since).
      if (!move || move.at < periodStartAt(timeline, service, t)) return recorded;
      return withActiveRegion(recorded, move.region) ?? recorded;
    },
    changesBetween(service, from, to) {
      const moved = (byService.get(service) ?? []).map((m) => m.at).filter((t) => t > from && t < to);
      return [...new Set([...timeline.changesBetween(service, from, to), ...moved])].sort((a, b) => a - b);
    },
  };
}

export function demoFleet(config: MeridianConfig, state: FleetState, at: number, timeline: TopologyTimeline = configuredTimeline(config)): DemoFleet {
  const roles = demoRoleResolver(timeline, state.moves);
  return {
    config,
    state,
    roles,
    rolesKey: `${timeline.signature}|${state.moves.length}|${state.moves.at(-1)?.at ?? ""}`,
    topology: topologyAt(config, roles, at),
    opts: { seed: config.demo?.seed ?? 42, anchorMs: Date.parse(state.anchor), demo: config.demo, roles },
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
