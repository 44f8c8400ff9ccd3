import type { LinkConfig } from "@/lib/replication/config-schema";
import { linkEnds } from "@/lib/replication/link-ends";
import type { LagSample } from "@/lib/replication/types";
import type { MeridianConfig } from "@/lib/config/schema";
import type { DemoFleet } from "./fleet";
import { rand, smoothNoise } from "./prng";
import { AFFECTED_REGION } from "./scenarios";

/** Seconds of primary time one unit stands for, when the config does not say (Substrate: ~6 s per block). */
const DEFAULT_SECONDS_PER_BLOCK = 6;
/** Bytes a busy primary writes per second: how fast a stalled byte-measured link falls behind. */
const WRITE_BYTES_PER_SEC = 256 * 1024;

/** The link that the `replication-stall` scenario stalls: the first PostgreSQL link, else the first. */
export function getStalledLinkId(config: Pick<MeridianConfig, "links">): string | null {
  return (config.links.find((l) => l.engine === "postgres") ?? config.links[0])?.id ?? null;
}

/** A link runs from the service's region active at t; after a failover it runs the other way. */
export function getDemoLinkEnds(fleet: DemoFleet, link: LinkConfig, t = fleet.at): { from: string; to: string } {
  return linkEnds(link, fleet.roles.rolesAt(link.service, t));
}

/** How many units of lag the primary adds per second while the replica applies nothing. */
function unitsPerSecond(link: LinkConfig): number {
  if (link.unit === "seconds") return 1;
  if (link.unit === "blocks") return 1 / (link.secondsPerUnit ?? DEFAULT_SECONDS_PER_BLOCK);
  return WRITE_BYTES_PER_SEC;
}

function roundLag(link: LinkConfig, lag: number): number {
  return link.unit === "seconds" ? Math.round(lag * 1000) / 1000 : Math.round(lag);
}

function since(fleet: DemoFleet): number {
  return Date.parse(fleet.state.scenarioSince);
}

/** A healthy replica trails by 5–40 % of the warning threshold, drifting smoothly. */
function steadyLag(fleet: DemoFleet, link: LinkConfig, t: number): number {
  const scale = link.warning > 0 ? link.warning : link.breach > 0 ? link.breach : 1;
  const seed = fleet.opts.seed;
  const slow = smoothNoise(seed, `lag|${link.id}`, t, 10 * 60_000);
  const jitter = rand(seed, "lag-jitter", link.id, Math.floor(t / 30_000));
  return scale * (0.05 + 0.3 * slow + 0.05 * jitter);
}

function touchesAffected(link: LinkConfig): boolean {
  return link.from === AFFECTED_REGION || link.to === AFFECTED_REGION;
}

/** True when the source of this link is dark at t (outage): it reports nothing newer than the outage start. */
export function isDemoLinkDark(fleet: DemoFleet, link: LinkConfig, t: number): boolean {
  return fleet.state.scenario === "eu-west-1-outage" && touchesAffected(link) && t >= since(fleet);
}

function isStalledAt(fleet: DemoFleet, link: LinkConfig, t: number): boolean {
  return fleet.state.scenario === "replication-stall" && getStalledLinkId(fleet.config) === link.id && t >= since(fleet);
}

function lagAt(fleet: DemoFleet, link: LinkConfig, t: number): number {
  if (isStalledAt(fleet, link, t)) {
    const start = since(fleet);
    return steadyLag(fleet, link, start) + ((t - start) / 1000) * unitsPerSecond(link);
  }
  const steady = steadyLag(fleet, link, t);
  if (fleet.state.scenario === "eu-west-1-degraded" && touchesAffected(link) && t >= since(fleet)) {
    // Raised into the warning band, kept under breach: degraded, not broken.
    const raised = link.warning * (0.9 + 0.5 * smoothNoise(fleet.opts.seed, `degraded|${link.id}`, t, 5 * 60_000));
    return Math.max(steady, link.breach > link.warning ? Math.min(raised, link.breach * 0.95) : raised);
  }
  return steady;
}

/** Units the replica has applied since the epoch: steady replay keeps pace; a stall freezes it. */
function replayedTotal(fleet: DemoFleet, link: LinkConfig, t: number): number {
  const stopAt = isStalledAt(fleet, link, t) ? since(fleet) : t;
  return (stopAt / 1000) * unitsPerSecond(link);
}

function sample(fleet: DemoFleet, link: LinkConfig, t: number, previousT: number): LagSample {
  const replayed = replayedTotal(fleet, link, t) - replayedTotal(fleet, link, previousT);
  return { t, lag: roundLag(link, lagAt(fleet, link, t)), replayed: link.unit === "seconds" ? Math.round(replayed * 1000) / 1000 : Math.round(replayed) };
}

/**
 * The lag a collector would read at `at`. In an outage the link's source is dark: the newest
 * sample is the one from the outage start, so the link turns `unknown` with its last-known lag.
 */
export function getDemoLag(fleet: DemoFleet, link: LinkConfig, at: number): LagSample {
  const t = isDemoLinkDark(fleet, link, at) ? since(fleet) - 1 : at;
  return sample(fleet, link, t, t - 30_000);
}

/** Samples every stepSec in [start, end]; nothing while the link's source is dark. */
export function getDemoLagSeries(fleet: DemoFleet, link: LinkConfig, start: number, end: number, stepSec: number): LagSample[] {
  const step = Math.max(1, stepSec) * 1000;
  const out: LagSample[] = [];
  // Align to the step so two charts of the same range show the same points.
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    if (isDemoLinkDark(fleet, link, t)) break;
    out.push(sample(fleet, link, t, t - step));
  }
  return out;
}
