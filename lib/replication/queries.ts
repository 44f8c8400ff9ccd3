import { formatDuration } from "@/lib/config/duration";
import type { MeridianConfig } from "@/lib/config/schema";
import { getConfig, isDemoMode } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { DEPLOYMENTS_KIND } from "@/lib/deployments/collector";
import { getRunbookServices } from "@/lib/failovers/config-schema";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { roleSegments, topologyAt, type TopologyTimeline } from "@/lib/topology/timeline";
import type { Topology } from "@/lib/topology/types";
import { INVENTORY_KIND } from "@/lib/regions/collector";
import { jobNameOf, mergeRegionParts, regionOfKey, type InventoryPart } from "@/lib/regions/merge";
import { listSnapshotParts } from "@/lib/regions/snapshot-parts";
import type { Health, RegionInventory, ServicePlacement } from "@/lib/regions/types";
import { lagBehind } from "@/lib/deployments/version-order";
import type { RegionDeployments } from "@/lib/deployments/types";
import { listSourceHealth, type Freshness, type SourceHealth } from "@/lib/snapshots/freshness";
import { listSnapshots, type Stored } from "@/lib/snapshots/store";
import { getDemoLastBackupAt } from "./backups";
import type { LinkConfig } from "./config-schema";
import { jobNameFor, REPLICATION_KIND, type LinkSnapshot } from "./collector";
import { linkDisplayName, linkEnds } from "./link-ends";
import { formatLag, getLagSeconds, getLinkStatus } from "./link-state";
import { getReadiness, type ReadinessInput, type Resources } from "./readiness";
import { createLagSource, getLinkSource } from "./sources";
import { LAG_RANGE_STEPS, type LagRange, type LagSample, type LinkStatus, type ReadinessReason, type ReadinessVerdict } from "./types";

export type ServiceReadiness = {
  service: string;
  from: string;
  to: string;
  verdict: ReadinessVerdict;
  reasons: ReadinessReason[];
  /** Expected data loss if promoted now (current lag as seconds), null when unknown. */
  expectedDataLossSec: number | null;
  evaluatedAt: string;
};

/** One row of /replication: the link's state plus what the table and sparkline need. */
export type LinkRow = LinkStatus & {
  /** Says which way the link runs as recorded now ("leaderboard-db us-east-1 → eu-west-1"); the id stays the configured one. */
  name: string;
  source: string | null;
  sourceKind: string | null;
  /** What the last read said beyond the number (several series, NaN, an error). */
  note: string | null;
  lastReadAt: string | null;
  /** Age of the newest sample in seconds. */
  ageSec: number | null;
  /** Recent lag in the link's unit, oldest first, at most SPARK_POINTS points. */
  sparkline: number[];
};

/** The readiness row for pages: the contract type plus every check and the links behind it. */
export type ReadinessRow = ServiceReadiness & { serviceName: string; tier: string; checks: ReadinessReason[]; links: string[] };

const SPARK_POINTS = 60;
/**
 * Runs that exercised a runbook: drills (round-trip legs, and drills against a drill target) and real
 * failovers alike. A failover that worked proves the runbook as well as a rehearsal does.
 */
const EXERCISED = { state: "succeeded", mode: { in: ["drill", "failover"] } };

type Context = {
  config: MeridianConfig;
  now: number;
  /** The recorded roles now: links run from the active region, readiness looks from it to the dormant ones. */
  topology: Topology;
  timeline: TopologyTimeline;
  demo: { seed: number } | null;
  health: SourceHealth[];
  jobs: Map<string, SourceHealth>;
};

async function loadContext(): Promise<Context> {
  const config = getConfig();
  const [timeline, health] = await Promise.all([loadTopologyTimeline(config), listSourceHealth()]);
  const now = Date.now();
  return {
    config,
    now,
    topology: topologyAt(config, timeline, now),
    timeline,
    demo: isDemoMode(config) ? { seed: config.demo?.seed ?? 42 } : null,
    health,
    jobs: new Map(health.map((h) => [h.name, h])),
  };
}

function freshnessOf(health: SourceHealth[], domains: string[]): Freshness {
  const mine = health.filter((s) => domains.includes(s.name.split("/")[1]));
  const fetched = mine.map((s) => s.lastSuccessAt).filter((x): x is string => !!x).sort();
  return {
    fetchedAt: fetched.length ? fetched[0] : null,
    staleSources: mine.filter((s) => s.stale).map((s) => ({ name: s.name, since: s.lastSuccessAt, error: s.lastError })),
  };
}

/** Which way the link ran at t, as recorded: the direction of its samples then. */
function endsAt(ctx: Context, link: LinkConfig, t: number): { from: string; to: string } {
  return linkEnds(link, ctx.timeline.rolesAt(link.service, t));
}

function downsample(samples: LagSample[], points: number): number[] {
  if (samples.length <= points) return samples.map((s) => s.lag);
  const step = samples.length / points;
  return Array.from({ length: points }, (_, i) => samples[Math.min(samples.length - 1, Math.round((i + 1) * step) - 1)].lag);
}

function linkRow(ctx: Context, link: LinkConfig, snap: Stored<LinkSnapshot> | undefined): LinkRow {
  const source = getLinkSource(ctx.config, link);
  const samples = snap?.data.samples ?? [];
  const ends = endsAt(ctx, link, ctx.now);
  const staleAfterMs = ctx.config.staleAfter * (source?.interval ?? 30_000);
  let status = getLinkStatus(link, ends, samples, ctx.now, staleAfterMs);
  const read = snap?.data.lastRead;
  const lastKnown = status.lag !== null && status.sampledAt ? `; last-known ${formatLag(link, status.lag)} from ${formatDuration(ctx.now - Date.parse(status.sampledAt))} ago` : "";
  const unknown = (why: string): LinkStatus => ({ ...status, state: "unknown", reason: `${why}${lastKnown}` });
  const job = source ? ctx.jobs.get(jobNameFor(source)) : undefined;
  if (!source) status = unknown(link.source ? `source "${link.source}" cannot read replication lag` : "no lag source: name a prometheus or cloudwatch source");
  // The source failed after this link's last read: its numbers are last-known, not current.
  else if (job && job.consecutiveFailures > 0 && (!read || (job.lastErrorAt !== null && job.lastErrorAt >= read.at))) status = unknown(`source unavailable: ${job.lastError ?? "collection failed"}`);
  else if (!snap || !read) status = unknown("not collected yet");
  else if (!read.ok) status = unknown(read.error ?? read.note ?? "the source gave no value");
  const last = samples.at(-1);
  return {
    ...status,
    name: linkDisplayName(link, ends),
    source: source?.name ?? null,
    sourceKind: source?.kind ?? null,
    note: read?.error ?? read?.note ?? null,
    lastReadAt: read?.at ?? null,
    ageSec: last ? Math.max(0, Math.round((ctx.now - last.t) / 1000)) : null,
    sparkline: downsample(samples, SPARK_POINTS),
  };
}

async function listLinkRowsIn(ctx: Context): Promise<LinkRow[]> {
  const snaps = await listSnapshots<LinkSnapshot>(REPLICATION_KIND);
  const byLink = new Map(snaps.map((s) => [s.key, s]));
  return ctx.config.links.map((l) => linkRow(ctx, l, byLink.get(l.id)));
}

/** Every configured link with its current state, from the collector's snapshots. */
export async function listLinks(): Promise<{ links: LinkRow[]; freshness: Freshness }> {
  const ctx = await loadContext();
  return { links: await listLinkRowsIn(ctx), freshness: freshnessOf(ctx.health, [REPLICATION_KIND]) };
}

export type LagPoint = { t: number; lag: number; lagSeconds: number | null };

export type LinkDetail = {
  link: LinkRow;
  range: LagRange;
  stepSec: number;
  points: LagPoint[];
  /** "source": read from the link's source for this range; "snapshot": the source failed, recent stored samples shown. */
  pointsFrom: "source" | "snapshot";
  seriesError: string | null;
  /** Which way the link ran over the range, as recorded: a failover inside it turns the direction round. */
  directions: Array<{ from: string; to: string; since: string; until: string | null }>;
  freshness: Freshness;
};

/** One link with its lag series over a range; null when no link has that id. */
export async function getLinkDetail(linkId: string, range: LagRange): Promise<LinkDetail | null> {
  const ctx = await loadContext();
  const link = ctx.config.links.find((l) => l.id === linkId);
  if (!link) return null;
  const snaps = await listSnapshots<LinkSnapshot>(REPLICATION_KIND, [link.id]);
  const row = linkRow(ctx, link, snaps[0]);
  const { durationMs, stepSec } = LAG_RANGE_STEPS[range];
  const toPoint = (s: LagSample): LagPoint => ({ t: s.t, lag: s.lag, lagSeconds: getLagSeconds(link, s.lag) });
  const source = getLinkSource(ctx.config, link);
  let points: LagPoint[] = [];
  let pointsFrom: LinkDetail["pointsFrom"] = "source";
  let seriesError: string | null = null;
  try {
    if (!source) throw new Error("no lag source configured for this link");
    const signal = AbortSignal.timeout(source.timeout);
    points = (await createLagSource(source).getLagSeries(link, { start: ctx.now - durationMs, end: ctx.now }, stepSec, signal)).map(toPoint);
  } catch (error) {
    // A dead source still gets a chart: the samples the collector kept, with the reason.
    seriesError = error instanceof Error ? error.message : String(error);
    pointsFrom = "snapshot";
    points = (snaps[0]?.data.samples ?? []).filter((s) => s.t >= ctx.now - durationMs).map(toPoint);
  }
  const directions: LinkDetail["directions"] = [];
  for (const g of roleSegments(ctx.timeline, link.service, ctx.now - durationMs, ctx.now + 1)) {
    const ends = linkEnds(link, g.roles);
    const last = directions.at(-1);
    const until = g.to > ctx.now ? null : new Date(g.to).toISOString();
    if (last && last.from === ends.from) last.until = until;
    else directions.push({ ...ends, since: new Date(g.from).toISOString(), until });
  }
  return { link: row, range, stepSec, points, pointsFrom, seriesError, directions, freshness: freshnessOf(ctx.health, [REPLICATION_KIND]) };
}

// --- readiness ---------------------------------------------------------------------------------

type RegionCapacity = { allocatable: Resources; maxAllocatable: Resources; requested: Resources; desiredReplicas: number };

function capacityOf(inv: Pick<RegionInventory, "clusters" | "services">): RegionCapacity {
  const sum = { allocatable: { cpu: 0, memoryGiB: 0 }, maxAllocatable: { cpu: 0, memoryGiB: 0 }, requested: { cpu: 0, memoryGiB: 0 } };
  for (const c of inv.clusters) {
    sum.allocatable.cpu += c.allocatable.cpu;
    sum.allocatable.memoryGiB += c.allocatable.memoryGiB;
    sum.requested.cpu += c.requested.cpu;
    sum.requested.memoryGiB += c.requested.memoryGiB;
    // Node groups scaled to their max, at today's allocatable per node.
    const maxNodes = c.nodeGroups.reduce((n, g) => n + g.max, 0);
    const scale = c.nodes > 0 ? Math.max(1, maxNodes / c.nodes) : 1;
    sum.maxAllocatable.cpu += c.allocatable.cpu * scale;
    sum.maxAllocatable.memoryGiB += c.allocatable.memoryGiB * scale;
  }
  return { ...sum, desiredReplicas: inv.services.reduce((n, s) => n + s.desiredReplicas, 0) };
}

type Workload = { service: string; version: string; order?: number };

function workloadOf(byRegion: Map<string, Workload[]>, region: string, service: string): Workload | null {
  return byRegion.get(region)?.find((w) => w.service === service) ?? null;
}

/** Releases the target is behind the active region (the deployments domain's rule); null when no order is known. */
function releasesBehind(active: Workload, target: Workload): number | null {
  const lag = lagBehind(target, active);
  if (lag.direction === "same" || lag.direction === "ahead") return 0;
  return lag.releases;
}

/** Failover readiness for every protected service and region pair (active → each dormant region), with every check. */
export async function listReadinessRows(): Promise<{ readiness: ReadinessRow[]; freshness: Freshness }> {
  const ctx = await loadContext();
  const [links, inventories, deployments, drills] = await Promise.all([
    listLinkRowsIn(ctx),
    listSnapshotParts<RegionInventory>(INVENTORY_KIND),
    listSnapshotParts<RegionDeployments>(DEPLOYMENTS_KIND),
    db().failoverRun.findMany({ where: EXERCISED, select: { service: true, toRegion: true, finishedAt: true, updatedAt: true } }),
  ]);
  // Inventory arrives in parts (one per region for the demo, per cluster live): merge them as the regions domain does.
  const partsByRegion = new Map<string, InventoryPart[]>();
  for (const p of inventories.parts) {
    const job = ctx.jobs.get(jobNameOf(p.source, INVENTORY_KIND, p.key));
    const failing = !!job && job.consecutiveFailures > 0;
    const region = regionOfKey(p.key);
    partsByRegion.set(region, [...(partsByRegion.get(region) ?? []), { ...p, unreachableSince: failing ? (job.lastSuccessAt ?? p.fetchedAt) : null, error: failing ? job.lastError : null }]);
  }
  const inv = new Map(
    ctx.config.regions.map((r) => {
      const declared = ctx.config.clusters.filter((c) => c.region === r.id).map((c) => ({ id: c.id, kind: c.kind }));
      return [r.id, partsByRegion.has(r.id) ? mergeRegionParts(r.id, partsByRegion.get(r.id) ?? [], declared) : null] as const;
    }),
  );
  const workloads = new Map<string, Workload[]>();
  for (const p of deployments.parts) {
    const region = regionOfKey(p.key);
    workloads.set(region, [...(workloads.get(region) ?? []), ...p.data.workloads]);
  }
  const staleInventory = new Set(ctx.health.filter((h) => h.name.split("/")[1] === INVENTORY_KIND && h.stale).map((h) => regionOfKey(h.name.split("/").slice(2).join("/"))));
  const capacity = new Map([...inv].flatMap(([region, m]) => (m ? [[region, capacityOf(m)] as const] : [])));
  // A drill of a stack runbook (e.g. the Leaderboard's) exercises every service the runbook moves,
  // and the runbook's own drillMaxAge says how old a drill may be.
  const runbookServices = new Map(ctx.config.runbooks.map((rb) => [rb.service, getRunbookServices(rb)]));
  const drillMaxAge = new Map(ctx.config.runbooks.flatMap((rb) => getRunbookServices(rb).map((svc) => [svc, rb.drillMaxAge] as const)));
  const lastDrill = new Map<string, string>();
  for (const d of drills) {
    const at = (d.finishedAt ?? d.updatedAt).toISOString();
    for (const svc of runbookServices.get(d.service) ?? [d.service]) {
      const key = `${svc}|${d.toRegion}`;
      if (!lastDrill.has(key) || (lastDrill.get(key) ?? "") < at) lastDrill.set(key, at);
    }
  }
  const evaluatedAt = new Date(ctx.now).toISOString();
  const rows: ReadinessRow[] = [];
  for (const svc of ctx.topology.services) {
    const from = svc.activeRegion;
    if (!from) continue;
    for (const [to, role] of Object.entries(svc.roles)) {
      if (role !== "dormant") continue;
      const svcLinks = links.filter((l) => l.service === svc.id && l.from === from && l.to === to);
      const targetInv = inv.get(to);
      const targetHealth: Health = !targetInv || (staleInventory.has(to) && targetInv.health === "healthy") ? "unknown" : targetInv.health;
      const activeCap = capacity.get(from);
      const targetCap = capacity.get(to);
      const placement: ServicePlacement | undefined = inv.get(from)?.services.find((s) => s.service === svc.id);
      // The target must carry this service's share of the active region's requests on top of its own.
      const share = activeCap && placement && activeCap.desiredReplicas > 0 ? placement.desiredReplicas / activeCap.desiredReplicas : null;
      const activeWorkload = workloadOf(workloads, from, svc.id);
      const targetWorkload = workloadOf(workloads, to, svc.id);
      const input: ReadinessInput = {
        service: svc.id,
        activeRegion: from,
        targetRegion: to,
        links: svcLinks,
        targetHealth,
        capacity:
          activeCap && targetCap && share !== null
            ? {
                targetAllocatable: targetCap.allocatable,
                targetMaxAllocatable: targetCap.maxAllocatable,
                targetRequested: targetCap.requested,
                activeRequested: { cpu: activeCap.requested.cpu * share, memoryGiB: activeCap.requested.memoryGiB * share },
              }
            : null,
        versions:
          activeWorkload && targetWorkload
            ? { active: activeWorkload.version, target: targetWorkload.version, releasesBehind: releasesBehind(activeWorkload, targetWorkload) }
            : null,
        backup: {
          required: svc.stateful,
          lastSuccessAt: ctx.demo && svc.stateful ? getDemoLastBackupAt(ctx.demo.seed, svc.id, ctx.now) : null,
          known: ctx.demo !== null,
        },
        lastDrillAt: lastDrill.get(`${svc.id}|${to}`) ?? null,
        drillMaxAgeMs: drillMaxAge.get(svc.id) ?? null,
        now: ctx.now,
      };
      const r = getReadiness(input);
      const lossKnown = svcLinks.length > 0 && svcLinks.every((l) => l.state !== "unknown" && l.lagSeconds !== null);
      rows.push({
        service: svc.id,
        serviceName: svc.name,
        tier: svc.tier,
        from,
        to,
        verdict: r.verdict,
        reasons: r.reasons,
        checks: r.checks,
        links: svcLinks.map((l) => l.linkId),
        expectedDataLossSec: svcLinks.length === 0 ? (svc.stateful ? null : 0) : lossKnown ? Math.max(...svcLinks.map((l) => l.lagSeconds ?? 0)) : null,
        evaluatedAt,
      });
    }
  }
  return { readiness: rows, freshness: freshnessOf(ctx.health, [REPLICATION_KIND, INVENTORY_KIND, DEPLOYMENTS_KIND]) };
}

/** Failover readiness per protected service and region pair. */
export async function listReadiness(): Promise<ServiceReadiness[]> {
  return (await listReadinessRows()).readiness;
}

export async function getServiceReadiness(service: string): Promise<ServiceReadiness | null> {
  return (await listReadiness()).find((r) => r.service === service) ?? null;
}
