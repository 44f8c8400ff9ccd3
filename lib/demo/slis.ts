import type { SloDefinition } from "@/lib/slos/types";
import type { RoleMap, TopologyService } from "@/lib/topology/types";
import type { DemoFleet } from "./fleet";
import { rand, smoothNoise } from "./prng";
import { AFFECTED_REGION, scenarioEffectStart } from "./scenarios";
import { releaseInRegion, releasesBetween } from "./versions";

// Deterministic good/total request rates for the demo fleet's SLOs. Window rates are integrals of
// the instantaneous model, split at every deployment and scenario change so step edges are exact.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Burn rate the degraded scenario and the Leaderboard's bad deploy cause: above every page threshold. */
export const DEMO_PAGE_BURN = 20;
/** The Leaderboard seed: ~7 s loads against a 3 s threshold; about 80 % of requests still under 3 s. */
export const BAD_DEPLOY_GOOD_FRACTION = 0.8;

export type DemoSlo = Pick<SloDefinition, "id" | "service" | "region" | "kind" | "objective">;
export type Rates = { good: number; total: number };

/** Share of the service's traffic a region takes under these roles (the roles at the time asked: failovers move it). */
function trafficShare(roles: RoleMap, region: string): number {
  const role = roles[region];
  if (!role || role === "dormant") return 0;
  if (role === "active") return 1;
  const sharing = Object.values(roles).filter((r) => r === "active-active").length;
  return 1 / Math.max(1, sharing);
}

/** The configured bad deploy's release (index 0 of its train, see versions.ts) is running in the region at t. */
function badReleaseRunning(fleet: DemoFleet, svc: TopologyService, region: string, t: number): boolean {
  if (!fleet.opts.demo?.badDeploys.some((b) => b.service === svc.id)) return false;
  return releaseInRegion(svc, region, t, fleet.opts)?.index === 0;
}

/** Instantaneous requests per second and good fraction for one SLO at time t. */
export function demoSliRatesAt(fleet: DemoFleet, slo: DemoSlo, t: number): Rates {
  const svc = fleet.topology.services.find((s) => s.id === slo.service);
  if (!svc) return { good: 0, total: 0 };
  const share = trafficShare(fleet.roles.rolesAt(svc.id, t), slo.region);
  if (share === 0) return { good: 0, total: 0 };
  const { seed } = fleet.opts;
  const base = 5 + rand(seed, "rps", svc.id) * 95;
  const diurnal = 1 + 0.35 * Math.sin((2 * Math.PI * (t % DAY)) / DAY + rand(seed, "tz", slo.region) * 2 * Math.PI);
  const total = base * share * diurnal * (0.9 + 0.2 * smoothNoise(seed, `rps:${slo.id}`, t, 20 * MIN));

  const allowed = 1 - slo.objective / 100;
  // Healthy: burning between 0.05 and 0.6 of the budget rate.
  let bad = allowed * (0.05 + 0.55 * smoothNoise(seed, `bad:${slo.id}`, t, HOUR));
  if (slo.kind === "latency" && badReleaseRunning(fleet, svc, slo.region, t)) {
    bad = Math.max(bad, 1 - BAD_DEPLOY_GOOD_FRACTION + 0.02 * (smoothNoise(seed, `deploy:${slo.id}`, t, 10 * MIN) - 0.5));
  }
  const scenarioOn = slo.region === AFFECTED_REGION && t >= scenarioEffectStart(fleet.state);
  if (scenarioOn && fleet.state.scenario === "eu-west-1-degraded") bad = Math.max(bad, Math.min(1, allowed * DEMO_PAGE_BURN));
  if (scenarioOn && fleet.state.scenario === "eu-west-1-outage") bad = 1;
  return { good: total * (1 - Math.min(1, bad)), total };
}

/** Times in (from, to) where the model steps: deployments in the region, role changes and the scenario change. */
function breakpoints(fleet: DemoFleet, slo: DemoSlo, from: number, to: number): number[] {
  const points = new Set<number>(fleet.roles.changesBetween(slo.service, from, to));
  const since = scenarioEffectStart(fleet.state);
  if (since > from && since < to) points.add(since);
  const svc = fleet.topology.services.find((s) => s.id === slo.service);
  if (svc && fleet.opts.demo?.badDeploys.some((b) => b.service === svc.id)) {
    for (const r of releasesBetween(svc, slo.region, from, to, fleet.opts)) if (r.deployedAt > from) points.add(r.deployedAt);
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * Average good and total requests per second over (end − windowMs, end]: the integral of the model,
 * midpoint rule within each piece between breakpoints (at most ~200 steps per window, 1 min minimum).
 * Zero traffic gives { good: 0, total: 0 }, which the math reads as "no data".
 */
export function demoWindowRates(fleet: DemoFleet, slo: DemoSlo, end: number, windowMs: number): Rates {
  const from = end - windowMs;
  const step = Math.max(MIN, windowMs / 200);
  const edges = [from, ...breakpoints(fleet, slo, from, end), end];
  let good = 0;
  let total = 0;
  for (let i = 0; i < edges.length - 1; i++) {
    const a = edges[i];
    const b = edges[i + 1];
    const n = Math.max(1, Math.ceil((b - a) / step));
    const h = (b - a) / n;
    for (let k = 0; k < n; k++) {
      const r = demoSliRatesAt(fleet, slo, a + (k + 0.5) * h);
      good += r.good * h;
      total += r.total * h;
    }
  }
  return { good: good / windowMs, total: total / windowMs };
}
