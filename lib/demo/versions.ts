import type { MeridianConfig } from "@/lib/config/schema";
import type { Workload } from "@/lib/deployments/types";
import { activeRegionOf } from "@/lib/topology/timeline";
import type { RoleResolver, Topology, TopologyService } from "@/lib/topology/types";
import { rand } from "./prng";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const VERSION_EPOCH = Date.UTC(2024, 0, 1);

/** `roles`: which roles held when (a release's rollout order depends on the roles when it shipped). */
export type DemoOptions = { seed: number; anchorMs: number; demo: NonNullable<MeridianConfig["demo"]> | undefined; roles: RoleResolver };

/** What the release model needs of a service: only its id (roles come from the resolver, as of each release). */
type DemoService = Pick<TopologyService, "id">;

type Train = { periodMs: number; phaseMs: number };

/** Each service ships on its own cadence; a configured bad deploy pins a release to its time. */
function trainOf(service: string, opts: DemoOptions): Train {
  const bad = opts.demo?.badDeploys.find((b) => b.service === service);
  if (bad) return { periodMs: bad.fixedAfter, phaseMs: opts.anchorMs - bad.ago };
  let periodMs = (2 + Math.floor(rand(opts.seed, "period", service) * 9)) * DAY;
  // A configured drift must be visible: the service ships at least twice while a region is stuck.
  const drift = opts.demo?.drift.find((d) => d.service === service);
  if (drift) periodMs = Math.min(periodMs, Math.max(6 * HOUR, Math.floor(drift.since / 2)));
  return { periodMs, phaseMs: Math.floor(rand(opts.seed, "phase", service) * periodMs) };
}

function releaseIndexAt(train: Train, t: number): number {
  return Math.floor((t - train.phaseMs) / train.periodMs);
}

function releaseTime(train: Train, n: number): number {
  return train.phaseMs + n * train.periodMs;
}

/** Versions sort with their release index, counted from 2024: 1.0.x … 1.19.x, 2.0.x … */
export function versionLabel(service: string, n: number, opts: DemoOptions): string {
  const k = Math.max(0, n - releaseIndexAt(trainOf(service, opts), VERSION_EPOCH));
  const patch = Math.floor(rand(opts.seed, "patch", service, n) * 4);
  return `${1 + Math.floor(k / 20)}.${k % 20}.${patch}`;
}

/**
 * When release n reaches a region: the active region first, dormant ones after a delay. The roles
 * are those when the release shipped, so a later failover does not rewrite the version history.
 */
function deployDelay(service: DemoService, region: string, n: number, opts: DemoOptions): number {
  const shippedAt = releaseTime(trainOf(service.id, opts), n);
  if (opts.roles.rolesAt(service.id, shippedAt)[region] !== "dormant") return 5 * MIN;
  return 30 * MIN + Math.floor(rand(opts.seed, "delay", service.id, region, n) * 3.5 * HOUR);
}

const ROLLOUT_MS = 15 * MIN;

// Who ships in the demo: CI on behalf of a person of the owning team, as the seed companies do it.
const DEPLOYERS = ["ci@github-actions (dana)", "ci@github-actions (lee)", "ci@github-actions (sam)", "argocd (auto-sync)"];

/** A release's deployer and commit: fixed per (service, release), so every region shows the same ones. */
export function releaseProvenance(service: string, n: number, opts: DemoOptions): { deployer: string; commit: string } {
  const deployer = DEPLOYERS[Math.floor(rand(opts.seed, "deployer", service, n) * DEPLOYERS.length)];
  const commit = [0, 1].map((i) => Math.floor(rand(opts.seed, "commit", service, n, i) * 0x10000).toString(16).padStart(4, "0")).join("").slice(0, 7);
  return { deployer, commit };
}

export type RegionRelease = { index: number; version: string; deployedAt: number };

/** The release a region runs at time t, honouring configured drift (a region stuck on an old release). */
export function releaseInRegion(service: DemoService, region: string, t: number, opts: DemoOptions): RegionRelease | null {
  const train = trainOf(service.id, opts);
  const drift = opts.demo?.drift.find((d) => d.service === service.id && d.region === region);
  const effectiveT = drift ? Math.min(t, opts.anchorMs - drift.since) : t;
  let n = releaseIndexAt(train, effectiveT);
  // The latest release may not have reached this region yet.
  while (releaseTime(train, n) + deployDelay(service, region, n, opts) > effectiveT) n -= 1;
  return { index: n, version: versionLabel(service.id, n, opts), deployedAt: releaseTime(train, n) + deployDelay(service, region, n, opts) };
}

/** All deployments of a service in a region with deployedAt in [from, to). */
export function releasesBetween(service: DemoService, region: string, from: number, to: number, opts: DemoOptions): RegionRelease[] {
  const out: RegionRelease[] = [];
  const last = releaseInRegion(service, region, to - 1, opts);
  if (!last) return out;
  for (let n = last.index; n > last.index - 500; n--) {
    const r = releaseInRegion(service, region, releaseTime(trainOf(service.id, opts), n) + deployDelay(service, region, n, opts), opts);
    if (!r || r.index !== n) continue; // skipped while drifting
    if (r.deployedAt < from) break;
    if (r.deployedAt < to) out.push(r);
  }
  return out.reverse();
}

/** The release index the region active at t runs: drift is measured against it. */
export function activeReleaseIndex(service: DemoService, t: number, opts: DemoOptions): number | null {
  const active = activeRegionOf(opts.roles.rolesAt(service.id, t));
  return active ? (releaseInRegion(service, active, t, opts)?.index ?? null) : null;
}

export function demoWorkloads(topology: Topology, region: string, t: number, opts: DemoOptions, health: (svc: TopologyService) => number): Workload[] {
  const cluster = topology.clusters.find((c) => c.region === region)?.id ?? `${region}-cluster`;
  const out: Workload[] = [];
  for (const svc of topology.services) {
    const role = svc.roles[region];
    if (!role) continue;
    const release = releaseInRegion(svc, region, t, opts);
    if (!release) continue;
    const desired = role === "dormant" ? (svc.stateful ? 1 : 1) : 2 + Math.floor(rand(opts.seed, "replicas", svc.id) * 5);
    const progressing = t - release.deployedAt < ROLLOUT_MS;
    const healthy = health(svc);
    const ready = progressing ? Math.max(0, desired - 1) : Math.round(desired * healthy);
    out.push({
      service: svc.id,
      region,
      cluster,
      kind: svc.stateful ? "StatefulSet" : "Deployment",
      version: release.version,
      image: `ghcr.io/demo/${svc.id}:${release.version}`,
      chart: `${svc.id}-${release.version}`,
      readyReplicas: ready,
      desiredReplicas: desired,
      rollout: progressing ? "progressing" : ready < desired && healthy < 0.5 ? "failed" : "complete",
      deployedAt: new Date(release.deployedAt).toISOString(),
      ...releaseProvenance(svc.id, release.index, opts),
      release: `${svc.system}/${svc.id}`,
      order: release.index,
    });
  }
  return out;
}
