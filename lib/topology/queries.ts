import "server-only";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getRunbookServices } from "@/lib/runbooks/config-schema";
import { NotFoundError } from "@/lib/http/errors";
import { freshnessFor, type Freshness } from "@/lib/snapshots/freshness";
import { getSnapshot } from "@/lib/snapshots/store";
import { EVIDENCE_KEY, TOPOLOGY_DOMAIN } from "./collector";
import { TOPOLOGY_EVIDENCE_KIND, type EvidenceError, type EvidenceKind, type EvidenceSnapshot } from "./evidence";
import { loadTopologyTimeline } from "./store";
import { activeRegionOf, type TopologyTimeline } from "./timeline";
import type { AssignmentCause, RoleMap, RolePeriod } from "./types";

// Reads for the topology panel and /api/v1/topology: the roles in force with since when and why,
// each service's history, and where the systems that know disagree with the record.

export type PeriodDto = { from: string; to: string | null; roles: RoleMap; activeRegion: string | null; cause: AssignmentCause; failoverRunId: string | null; actor: string | null; reason: string | null };

export type ServiceTopologyDto = { service: string; name: string; system: string; roles: RoleMap; activeRegion: string | null; since: string | null; cause: AssignmentCause | null; failoverRunId: string | null; actor: string | null; reason: string | null };

/** Where evidence puts services somewhere else than the record: a warning with what to record. */
export type TopologyDrift = {
  runbook: string;
  observedActive: string;
  services: Array<{ service: string; recordedActive: string | null; since: string }>;
  evidence: Array<{ kind: EvidenceKind; step: string; detail: string; since: string }>;
  /** When the evidence was read. */
  observedAt: string;
};

export type TopologyView = {
  regions: string[];
  services: ServiceTopologyDto[];
  /** Role changes after the configuration's first record, newest first. */
  changes: Array<PeriodDto & { service: string }>;
  drift: TopologyDrift[];
  /** Services a run is moving right now: evidence about them is not a disagreement yet. */
  inFlight: string[];
  evidenceErrors: EvidenceError[];
  evidenceAt: string | null;
  freshness: Freshness;
};

function periodDto(p: RolePeriod): PeriodDto {
  return { from: new Date(p.from).toISOString(), to: p.to === null ? null : new Date(p.to).toISOString(), roles: p.roles, activeRegion: activeRegionOf(p.roles), cause: p.cause, failoverRunId: p.failoverRunId, actor: p.actorName, reason: p.reason };
}

/** One service's recorded roles over time, oldest first. */
export async function listRoleHistory(service: string): Promise<{ service: string; periods: PeriodDto[] }> {
  const config = getConfig();
  if (!config.systems.some((s) => s.services.some((x) => x.id === service))) throw new NotFoundError(`No service "${service}" in the configuration.`);
  const timeline = await loadTopologyTimeline(config);
  return { service, periods: (timeline.periods.get(service) ?? []).map(periodDto) };
}

/** Services that a running (or rolling-back) run is moving: their evidence changes mid-run. */
async function listServicesInFlight(): Promise<string[]> {
  const runs = await db().failoverRun.findMany({ where: { state: { in: ["running", "rolling-back"] } }, select: { service: true } });
  const runbooks = new Map(getConfig().runbooks.map((rb) => [rb.service, rb]));
  return [...new Set(runs.flatMap((r) => { const rb = runbooks.get(r.service); return rb ? getRunbookServices(rb) : [r.service]; }))];
}

/** Compares the latest evidence with the record now; one entry per runbook and region the evidence names. */
export function findDrift(timeline: TopologyTimeline, evidence: EvidenceSnapshot | null, now: number, skip: ReadonlySet<string> = new Set()): TopologyDrift[] {
  const out = new Map<string, TopologyDrift>();
  for (const o of evidence?.observations ?? []) {
    if (!o.activeRegion) continue;
    for (const service of o.services) {
      if (skip.has(service)) continue;
      const roles = timeline.rolesAt(service, now);
      const recordedActive = activeRegionOf(roles);
      // Only a region the service can be active in is a claim about it (not active-active, not absent).
      if (recordedActive === o.activeRegion || roles[o.activeRegion] === undefined || roles[o.activeRegion] === "active-active") continue;
      const key = `${o.runbook}|${o.activeRegion}`;
      const d = out.get(key) ?? { runbook: o.runbook, observedActive: o.activeRegion, services: [], evidence: [], observedAt: evidence?.at ?? new Date(now).toISOString() };
      const known = d.services.find((s) => s.service === service);
      if (!known) d.services.push({ service, recordedActive, since: o.since });
      else if (o.since < known.since) known.since = o.since;
      if (!d.evidence.some((e) => e.step === o.step && e.kind === o.kind && e.detail === o.detail)) d.evidence.push({ kind: o.kind, step: o.step, detail: o.detail, since: o.since });
      out.set(key, d);
    }
  }
  return [...out.values()];
}

export async function getTopologyDrift(now = Date.now()): Promise<{ drift: TopologyDrift[]; inFlight: string[]; evidence: EvidenceSnapshot | null }> {
  const [timeline, snap, inFlight] = await Promise.all([loadTopologyTimeline(), getSnapshot<EvidenceSnapshot>(TOPOLOGY_EVIDENCE_KIND, EVIDENCE_KEY), listServicesInFlight()]);
  return { drift: findDrift(timeline, snap?.data ?? null, now, new Set(inFlight)), inFlight, evidence: snap?.data ?? null };
}

/** The topology panel: roles now with since when and why, recent changes, and disagreements to record. */
export async function getTopologyView(limit = 50): Promise<TopologyView> {
  const config = getConfig();
  const now = Date.now();
  const [timeline, { drift, inFlight, evidence }, freshness] = await Promise.all([loadTopologyTimeline(config), getTopologyDrift(now), freshnessFor(TOPOLOGY_DOMAIN)]);
  const services: ServiceTopologyDto[] = [];
  const changes: TopologyView["changes"] = [];
  for (const system of config.systems) {
    for (const svc of system.services) {
      const list = timeline.periods.get(svc.id) ?? [];
      const current = list.at(-1) ?? null;
      const roles = timeline.rolesAt(svc.id, now);
      services.push({
        service: svc.id, name: svc.name, system: system.name, roles, activeRegion: activeRegionOf(roles),
        since: current ? new Date(current.from).toISOString() : null, cause: current?.cause ?? null, failoverRunId: current?.failoverRunId ?? null, actor: current?.actorName ?? null, reason: current?.reason ?? null,
      });
      list.slice(1).forEach((p) => changes.push({ service: svc.id, ...periodDto(p) }));
    }
  }
  changes.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : a.service.localeCompare(b.service)));
  return { regions: config.regions.map((r) => r.id), services, changes: changes.slice(0, limit), drift, inFlight, evidenceErrors: evidence?.errors ?? [], evidenceAt: evidence?.at ?? null, freshness };
}

/** What the record form offers: each runbook's services (they move together), then each service alone. */
export function listRecordableGroups(): Array<{ label: string; services: string[] }> {
  const config = getConfig();
  const groups = config.runbooks.map((rb) => ({ label: `${rb.name ?? rb.service} (runbook)`, services: getRunbookServices(rb) }));
  for (const sys of config.systems) for (const svc of sys.services) if (Object.values(svc.regions).some((r) => r !== "active-active")) groups.push({ label: `${svc.name} (${svc.id})`, services: [svc.id] });
  return groups;
}
