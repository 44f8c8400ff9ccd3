import "server-only";
import { formatDuration } from "@/lib/config/duration";
import { formatUtc } from "@/lib/format";
import type { MeridianConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { reader } from "@/lib/db/client";
import { DEPLOYMENTS_KIND } from "@/lib/deployments/types";
import { getRunbookServices } from "@/lib/runbooks/config-schema";
import { loadTopologyTimeline } from "@/lib/topology/store";
import { roleSegments, topologyAt, type TopologyTimeline } from "@/lib/topology/timeline";
import type { Topology } from "@/lib/topology/types";
import { INVENTORY_KIND } from "@/lib/regions/types";
import { mergeRegionParts, type InventoryPart, type MergedRegion } from "@/lib/regions/queries";
import { jobNameOf, listSnapshotParts, regionOfKey } from "@/lib/snapshots/parts";
import type { Health, RegionInventory, ServicePlacement } from "@/lib/regions/types";
import { lagBehind } from "@/lib/deployments/queries";
import type { RegionDeployments } from "@/lib/deployments/types";
import { freshnessOf, getStaleAfterMs, listSourceHealth, type Freshness, type SourceHealth } from "@/lib/snapshots/freshness";
import { listSnapshots, type Stored } from "@/lib/snapshots/store";
import { BACKUPS_KIND, backupJobName, backupKey, type BackupSnapshot } from "./backup-collector";
import type { LinkConfig } from "./config-schema";
import { jobNameFor, REPLICATION_KIND, type LinkSnapshot } from "./collector";
import { endWithSample, getLagChart, type LagChartData, type LagPoint } from "./lag-chart";
import { linkDisplayName, linkEnds } from "./link-ends";
import { formatLag, getLagSeconds, getLinkStatus } from "./link-state";
import { getReadiness, type ReadinessInput, type Resources } from "./readiness";
import { getLinkSource, lagSourceFor, replicationProviders } from "./sources";
import type { ReplicationProviders } from "./lag-source";
import { LAG_RANGE_STEPS, type LagRange, type LagSample, type LinkStatus, type ReadinessReason, type ReadinessVerdict } from "./types";
import type { ReadinessPage as PageOf } from "./readiness-page";

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
  /** Set while the link is unknown: the time of its newest sample ("unknown — no samples since T"). */
  noSamplesSince: string | null;
  /** Recent lag in the link's unit, oldest first, at most SPARK_POINTS points. */
  sparkline: number[];
};

/** The readiness row for pages: the contract type plus every check and the links behind it. */
export type ReadinessRow = ServiceReadiness & {
  serviceName: string;
  tier: string;
  checks: ReadinessReason[];
  links: string[];
  /** When expectedDataLossSec is unknown (links dark): the lag when they were last seen, a lower bound. */
  lastKnownDataLoss: { seconds: number; asOf: string | null } | null;
  /**
   * When the lag behind the data loss was sampled: the oldest of the links' newest samples (while the
   * links are dark, "no data since" then). Null without links, or when one has never had a sample.
   */
  lagAsOf: string | null;
  /** The oldest data the verdict rests on (link samples, the target's inventory). */
  dataAsOf: string | null;
};

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
  /** The demo fleet's nightly backups (its providers model them); null where the configured backup sources are read. */
  modelledBackupAt: ReplicationProviders["modelledBackupAt"];
  health: SourceHealth[];
  jobs: Map<string, SourceHealth>;
};

async function loadContext(): Promise<Context> {
  const config = getConfig();
  const [timeline, health, providers] = await Promise.all([loadTopologyTimeline(config), listSourceHealth(), replicationProviders(config)]);
  const now = Date.now();
  return {
    config,
    now,
    topology: topologyAt(config, timeline, now),
    timeline,
    modelledBackupAt: providers.modelledBackupAt,
    health,
    jobs: new Map(health.map((h) => [h.name, h])),
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
  const staleAfterMs = source ? getStaleAfterMs(source, ctx.config.staleAfter) : ctx.config.staleAfter * 30_000;
  let status = getLinkStatus(link, ends, samples, ctx.now, staleAfterMs);
  const read = snap?.data.lastRead;
  const last = samples.at(-1);
  const lastKnown = status.lag !== null && status.sampledAt ? `; last-known lag ${formatLag(link, status.lag)}` : "";
  const since = last ? `no samples since ${formatUtc(new Date(last.t).toISOString())} (${formatDuration(ctx.now - last.t)} ago)` : "no samples yet";
  // Whatever the cause, the reason leads with since when nothing new came, then why.
  const unknown = (why: string | null): LinkStatus => ({ ...status, state: "unknown", reason: `${since}${why ? `: ${why}` : ""}${lastKnown}` });
  const job = source ? ctx.jobs.get(jobNameFor(source)) : undefined;
  if (!source) status = unknown(link.source ? `source "${link.source}" cannot read replication lag` : "no lag source: name a prometheus or cloudwatch source");
  // The source missed its interval (or nobody collects it): its numbers are last-known, not current.
  else if (job && job.stale) status = unknown(job.consecutiveFailures > 0 ? `source unavailable: ${job.lastError ?? "collection failed"}` : `source stale: no collection for ${formatDuration(ctx.now - Date.parse(job.lastSuccessAt ?? "0"))}`);
  else if (!snap || !read) status = unknown("not collected yet");
  else if (!read.ok) status = unknown(read.error ?? read.note ?? "the source gave no value");
  else if (status.state === "unknown") status = unknown(`older than this source's staleAfter (${formatDuration(staleAfterMs)})`);
  return {
    ...status,
    name: linkDisplayName(link, ends),
    source: source?.name ?? null,
    sourceKind: source?.kind ?? null,
    note: read?.error ?? read?.note ?? null,
    lastReadAt: read?.at ?? null,
    ageSec: last ? Math.max(0, Math.round((ctx.now - last.t) / 1000)) : null,
    noSamplesSince: status.state === "unknown" ? (last ? new Date(last.t).toISOString() : null) : null,
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

export type { LagPoint };

export type LinkDetail = {
  link: LinkRow;
  range: LagRange;
  stepSec: number;
  /** Ends with the sample behind `link.lag` (when it falls in the range): the chart and the number agree. */
  points: LagPoint[];
  /** The points drawn: in the link's chart unit, with its thresholds as labelled lines. */
  chart: LagChartData;
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
    points = (await (await lagSourceFor(source, ctx.config)).getLagSeries(link, { start: ctx.now - durationMs, end: ctx.now }, stepSec, signal)).map(toPoint);
  } catch (error) {
    // A dead source still gets a chart: the samples the collector kept, with the reason.
    seriesError = error instanceof Error ? error.message : String(error);
    pointsFrom = "snapshot";
    points = (snaps[0]?.data.samples ?? []).filter((s) => s.t >= ctx.now - durationMs).map(toPoint);
  }
  const current = row.lag !== null && row.sampledAt ? { t: Date.parse(row.sampledAt), lag: row.lag, lagSeconds: row.lagSeconds } : null;
  points = endWithSample(points, current, ctx.now - durationMs);
  const directions: LinkDetail["directions"] = [];
  for (const g of roleSegments(ctx.timeline, link.service, ctx.now - durationMs, ctx.now + 1)) {
    const ends = linkEnds(link, g.roles);
    const last = directions.at(-1);
    const until = g.to > ctx.now ? null : new Date(g.to).toISOString();
    if (last && last.from === ends.from) last.until = until;
    else directions.push({ ...ends, since: new Date(g.from).toISOString(), until });
  }
  return { link: row, range, stepSec, points, chart: getLagChart(link, points), pointsFrom, seriesError, directions, freshness: freshnessOf(ctx.health, [REPLICATION_KIND]) };
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

/**
 * Why capacity cannot be judged for one side, or null when it can. The active side's demand may be
 * last-known (its region may be the one that is gone); the target's capacity must be current and reported.
 */
function whyCapacityUnknown(region: string, m: MergedRegion | null, side: "active" | "target"): string | null {
  if (!m || m.clusters.length === 0) return `no inventory of ${region}`;
  if (side === "target" && m.health === "unreachable") return `${region}'s inventory has no data since ${m.unreachableSince ?? "it was last read"}`;
  const blind = m.clusters.filter((c) => c.capacityKnown === false || (side === "target" && c.status === "unreachable"));
  if (blind.length === 0) return null;
  const eks = blind.filter((c) => c.kind === "eks" && c.capacityKnown === false && c.status !== "unreachable");
  return eks.length === blind.length
    ? `${eks.map((c) => c.id).join(", ")} in ${region} report no capacity (an EKS cluster needs a Kubernetes source for allocatable and requested)`
    : `${blind.map((c) => c.id).join(", ")} in ${region}: capacity not reported`;
}

/**
 * A stateful service's last backup for readiness: the demo's nightly model, else the configured
 * backup source (one in the target region first). No source, a source that missed its interval or
 * one that cannot tell: unknown with the reason, never ready.
 */
function backupInput(ctx: Context, service: string, to: string, snapshots: Map<string, Stored<BackupSnapshot>>): ReadinessInput["backup"] {
  if (ctx.modelledBackupAt) return { required: true, lastSuccessAt: ctx.modelledBackupAt(service, ctx.now), known: true };
  const mine = ctx.config.backups.filter((b) => b.service === service);
  const entry = mine.find((b) => b.region === to) ?? mine[0];
  if (!entry) return { required: true, lastSuccessAt: null, known: false, unknownReason: `no backup source configured for ${service} (backups: in the configuration)` };
  const snap = snapshots.get(backupKey(entry));
  const job = ctx.jobs.get(backupJobName(entry));
  if (!snap || !job) return { required: true, lastSuccessAt: null, known: false, unknownReason: `${entry.source} has not reported ${service}'s backups yet` };
  if (job.stale) {
    const last = snap.data.lastSuccessAt ? `; last known ${snap.data.lastSuccessAt}` : "";
    return { required: true, lastSuccessAt: null, known: false, unknownReason: `${entry.source}: no data since ${job.noDataSince ?? snap.takenAt}${job.lastError ? ` (${job.lastError})` : ""}${last}` };
  }
  if (!snap.data.known) return { required: true, lastSuccessAt: null, known: false, unknownReason: snap.data.detail };
  return { required: true, lastSuccessAt: snap.data.lastSuccessAt, known: true, detail: snap.data.detail };
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

/** Everything the readiness checks read besides the topology, loaded and indexed once for all rows. */
type ReadinessData = {
  links: LinkRow[];
  /** Merged inventory per configured region; null when nothing was collected there. */
  inventory: Map<string, MergedRegion | null>;
  capacity: Map<string, RegionCapacity>;
  workloads: Map<string, Workload[]>;
  backupByKey: Map<string, Stored<BackupSnapshot>>;
  /** `${service}|${region}` → when a drill or failover last succeeded into that region. */
  lastDrill: Map<string, string>;
  drillMaxAge: Map<string, number | null | undefined>;
};

// The reads are independent, so they run together; everything after is indexing for the per-row lookups.
async function loadReadinessData(ctx: Context): Promise<ReadinessData> {
  const [links, inventories, deployments, drills, backups] = await Promise.all([
    listLinkRowsIn(ctx),
    listSnapshotParts<RegionInventory>(INVENTORY_KIND),
    listSnapshotParts<RegionDeployments>(DEPLOYMENTS_KIND),
    reader().failoverRun.findMany({ where: EXERCISED, select: { service: true, toRegion: true, finishedAt: true, updatedAt: true } }),
    listSnapshots<BackupSnapshot>(BACKUPS_KIND),
  ]);
  const inventory = mergeInventory(ctx, inventories.parts);
  return {
    links,
    inventory,
    capacity: new Map([...inventory].flatMap(([region, m]) => (m ? [[region, capacityOf(m)] as const] : []))),
    workloads: workloadsByRegion(deployments.parts),
    backupByKey: new Map(backups.map((b) => [b.key, b])),
    ...lastDrills(ctx, drills),
  };
}

// Inventory arrives in parts (one per region for the demo, per cluster live): merge them as the
// regions domain does, so readiness sees the same health and capacity as the regions page.
function mergeInventory(ctx: Context, parts: Array<Stored<RegionInventory>>): Map<string, MergedRegion | null> {
  const partsByRegion = new Map<string, InventoryPart[]>();
  for (const p of parts) {
    const job = ctx.jobs.get(jobNameOf(p.source, INVENTORY_KIND, p.key));
    if (job?.retired) continue;
    const failing = !!job && job.stale;
    const region = regionOfKey(p.key);
    partsByRegion.set(region, [...(partsByRegion.get(region) ?? []), { ...p, unreachableSince: failing ? (job.noDataSince ?? p.takenAt) : null, error: failing ? (job.lastError ?? "no fresh data") : null }]);
  }
  return new Map(
    ctx.config.regions.map((r) => {
      const declared = ctx.config.clusters.filter((c) => c.region === r.id).map((c) => ({ id: c.id, kind: c.kind }));
      return [r.id, partsByRegion.has(r.id) ? mergeRegionParts(r.id, partsByRegion.get(r.id) ?? [], declared) : null] as const;
    }),
  );
}

// Deployed versions per region, for the version-skew check.
function workloadsByRegion(parts: Array<Stored<RegionDeployments>>): Map<string, Workload[]> {
  const workloads = new Map<string, Workload[]>();
  for (const p of parts) {
    const region = regionOfKey(p.key);
    workloads.set(region, [...(workloads.get(region) ?? []), ...p.data.workloads]);
  }
  return workloads;
}

// A drill of a stack runbook (e.g. the Leaderboard's) exercises every service the runbook moves,
// and the runbook's own drillMaxAge says how old a drill may be.
function lastDrills(
  ctx: Context,
  drills: Array<{ service: string; toRegion: string; finishedAt: Date | null; updatedAt: Date }>,
): Pick<ReadinessData, "lastDrill" | "drillMaxAge"> {
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
  return { lastDrill, drillMaxAge };
}

type TopologyService = Topology["services"][number];

// The rows' order: topology order of services, then each service's dormant regions in role order.
// A service with no active region has nothing to fail over from and gets no row.
function failoverPairs(topology: Topology): Array<{ svc: TopologyService; from: string; to: string }> {
  const pairs: Array<{ svc: TopologyService; from: string; to: string }> = [];
  for (const svc of topology.services) {
    const from = svc.activeRegion;
    if (!from) continue;
    for (const [to, role] of Object.entries(svc.roles)) if (role === "dormant") pairs.push({ svc, from, to });
  }
  return pairs;
}

// Every check's input for one pair (links, target health, capacity, versions, backup, drill), so
// getReadiness can stay a pure function of it.
function readinessInputFor(ctx: Context, data: ReadinessData, svc: TopologyService, from: string, to: string, svcLinks: LinkRow[]): ReadinessInput {
  const targetInv = data.inventory.get(to);
  // The merge already reads a dark inventory as unreachable.
  const targetHealth: Health = targetInv ? targetInv.health : "unknown";
  const capacityUnknown = whyCapacityUnknown(from, data.inventory.get(from) ?? null, "active") ?? whyCapacityUnknown(to, targetInv ?? null, "target");
  const activeCap = data.capacity.get(from);
  const targetCap = data.capacity.get(to);
  const placement: ServicePlacement | undefined = data.inventory.get(from)?.services.find((s) => s.service === svc.id);
  // The target must carry this service's share of the active region's requests on top of its own.
  const share = activeCap && placement && activeCap.desiredReplicas > 0 ? placement.desiredReplicas / activeCap.desiredReplicas : null;
  const activeWorkload = workloadOf(data.workloads, from, svc.id);
  const targetWorkload = workloadOf(data.workloads, to, svc.id);
  return {
    service: svc.id,
    activeRegion: from,
    targetRegion: to,
    links: svcLinks,
    targetHealth,
    capacityUnknown: capacityUnknown ?? (share === null ? `${svc.id} is not placed in ${from}'s inventory` : undefined),
    capacity:
      !capacityUnknown && activeCap && targetCap && share !== null
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
    backup: svc.stateful ? backupInput(ctx, svc.id, to, data.backupByKey) : { required: false, lastSuccessAt: null },
    lastDrillAt: data.lastDrill.get(`${svc.id}|${to}`) ?? null,
    drillMaxAgeMs: data.drillMaxAge.get(svc.id) ?? null,
    now: ctx.now,
  };
}

// What promoting now would lose: the worst current lag when every link's lag is known; a stateless
// service without links loses nothing. When unknown, the last known lag is still shown as a floor.
function dataLossOf(svcLinks: LinkRow[], stateful: boolean): Pick<ReadinessRow, "expectedDataLossSec" | "lastKnownDataLoss" | "lagAsOf"> {
  const lossKnown = svcLinks.length > 0 && svcLinks.every((l) => l.state !== "unknown" && l.lagSeconds !== null);
  const lastKnownLoss = svcLinks.filter((l) => l.lagSeconds !== null);
  return {
    expectedDataLossSec: svcLinks.length === 0 ? (stateful ? null : 0) : lossKnown ? Math.max(...svcLinks.map((l) => l.lagSeconds ?? 0)) : null,
    // Unknown now, but at least what had not replicated when the links went dark.
    lastKnownDataLoss:
      !lossKnown && lastKnownLoss.length > 0
        ? { seconds: Math.max(...lastKnownLoss.map((l) => l.lagSeconds ?? 0)), asOf: lastKnownLoss.map((l) => l.sampledAt ?? "").sort()[0] || null }
        : null,
    lagAsOf: svcLinks.length > 0 && svcLinks.every((l) => l.sampledAt) ? svcLinks.map((l) => l.sampledAt ?? "").sort()[0] : null,
  };
}

/** Failover readiness for every protected service and region pair (active → each dormant region), with every check. */
export async function listReadinessRows(): Promise<{ readiness: ReadinessRow[]; freshness: Freshness }> {
  const ctx = await loadContext();
  const data = await loadReadinessData(ctx);
  const evaluatedAt = new Date(ctx.now).toISOString();
  const rows = failoverPairs(ctx.topology).map(({ svc, from, to }): ReadinessRow => {
    const svcLinks = data.links.filter((l) => l.service === svc.id && l.from === from && l.to === to);
    const r = getReadiness(readinessInputFor(ctx, data, svc, from, to, svcLinks));
    const { expectedDataLossSec, lastKnownDataLoss, lagAsOf } = dataLossOf(svcLinks, svc.stateful);
    return {
      service: svc.id,
      serviceName: svc.name,
      tier: svc.tier,
      from,
      to,
      verdict: r.verdict,
      reasons: r.reasons,
      checks: r.checks,
      links: svcLinks.map((l) => l.linkId),
      expectedDataLossSec,
      lastKnownDataLoss,
      lagAsOf,
      // The oldest input the verdict rests on.
      dataAsOf: [...svcLinks.map((l) => l.sampledAt), data.inventory.get(to)?.dataAsOf ?? null].filter((x): x is string => !!x).sort()[0] ?? null,
      evaluatedAt,
    };
  });
  return { readiness: rows, freshness: freshnessOf(ctx.health, [REPLICATION_KIND, INVENTORY_KIND, DEPLOYMENTS_KIND]) };
}

/** Failover readiness per protected service and region pair. */
export async function listReadiness(): Promise<ServiceReadiness[]> {
  return (await listReadinessRows()).readiness;
}

export async function getServiceReadiness(service: string): Promise<ServiceReadiness | null> {
  return (await listReadiness()).find((r) => r.service === service) ?? null;
}

// Paging readiness is part of the domain's public reads (the read model pages it for the API and pages).
export { byUrgency, pageReadiness } from "./readiness-page";
export type ReadinessPage = PageOf<ReadinessRow>;
