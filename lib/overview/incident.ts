import { getConfig } from "@/lib/config/store";
import { predictFailoverPath } from "@/lib/failovers/queries";
import { getRunbookServices } from "@/lib/runbooks/config-schema";
import { listFailovers } from "@/lib/failovers/queries";
import type { FailoverPath } from "@/lib/failovers/types";
import { listRegionSummaries, type RegionSummary } from "@/lib/regions/queries";
import { listReadinessRows } from "@/lib/replication/queries";
import { VERDICT_ORDER, worstVerdict } from "@/lib/replication/types";
import type { ReadinessReason, ReadinessVerdict } from "@/lib/replication/types";
import { listSloStatuses } from "@/lib/slos/queries";

// What the incident commander should do now, for the overview's lead panel: for each region that is
// unreachable, down or degraded, since when, where to go, and each runbook that would move its
// services there with its readiness, expected data loss and a link to request it, prefilled.

export type IncidentRunbook = {
  service: string;
  name: string;
  from: string;
  to: string;
  verdict: ReadinessVerdict;
  /** The reasons that are not ok, worst first (at most three). */
  reasons: ReadinessReason[];
  /** Seconds of writes a promotion now would lose; null when unknown. */
  expectedDataLossSec: number | null;
  /** When unknown now: what had not replicated when the links were last seen (a lower bound). */
  lastKnownDataLoss: { seconds: number; asOf: string | null } | null;
  path: FailoverPath;
  /** "ready": request it now. "override": not-ready, but the runbook lets a reason override the precheck. "blocked": not-ready, no override. "open": a run of it is already in flight. */
  canRun: "ready" | "override" | "blocked" | "open";
  /** The failover request page, prefilled (or the open run). */
  href: string;
  evaluatedAt: string;
  dataAsOf: string | null;
};

export type IncidentRegion = {
  region: string;
  name: string;
  health: RegionSummary["health"];
  /** Since when (unreachable: the last data; degraded/down: when the health changed). */
  since: string | null;
  /** SLOs of the region paging now, and those with no data (their source is dark). */
  paging: number;
  noData: number;
  /** Regions that are healthy now: where to go. */
  targets: string[];
  runbooks: IncidentRunbook[];
};

const TROUBLE = new Set<RegionSummary["health"]>(["unreachable", "down", "degraded"]);
const CAN_RUN_ORDER: Record<IncidentRunbook["canRun"], number> = { open: 0, ready: 1, override: 2, blocked: 3 };

/** Regions in trouble, worst first, each with what can be done now. Empty when every region is fine. */
export async function listIncidentActions(): Promise<IncidentRegion[]> {
  const config = getConfig();
  const { regions } = await listRegionSummaries();
  const troubled = regions.filter((r) => TROUBLE.has(r.health));
  // The common case costs one read: everything else only when a region is in trouble.
  if (troubled.length === 0) return [];
  const [{ readiness }, { statuses }, runs] = await Promise.all([listReadinessRows(), listSloStatuses(), listFailovers({ limit: 50 })]);
  const healthy = regions.filter((r) => r.health === "healthy").map((r) => r.id);
  const open = runs.filter((r) => r.state === "requested" || r.state === "approved" || r.state === "running");
  const out: IncidentRegion[] = [];
  for (const r of troubled) {
    const path = await predictFailoverPath(r.id);
    const runbooks: IncidentRunbook[] = [];
    for (const rb of config.runbooks) {
      const precheck = rb.steps.find((s) => s.type === "precheck");
      const overridable = precheck?.type === "precheck" ? precheck.allowOverride : true;
      const moved = getRunbookServices(rb);
      for (const row of readiness.filter((x) => x.service === rb.service && x.from === r.id && healthy.includes(x.to))) {
        // A stack runbook moves several services (the Leaderboard's database too): judge it by all of them.
        const rows = readiness.filter((x) => moved.includes(x.service) && x.from === row.from && x.to === row.to);
        const verdict = worstVerdict(rows.map((x) => x.verdict));
        const reasons = rows.flatMap((x) => x.reasons.map((reason) => ({ ...reason, message: x.service === rb.service ? reason.message : `${x.service}: ${reason.message}` })));
        const losses = rows.map((x) => x.expectedDataLossSec);
        const lastKnown = rows.flatMap((x) => (x.lastKnownDataLoss ? [x.lastKnownDataLoss] : []));
        const run = open.find((x) => x.service === rb.service && x.to === row.to);
        const canRun: IncidentRunbook["canRun"] = run ? "open" : verdict !== "not-ready" ? "ready" : overridable ? "override" : "blocked";
        runbooks.push({
          service: rb.service,
          name: rb.name ?? rb.service,
          from: row.from,
          to: row.to,
          verdict,
          reasons: reasons.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]).slice(0, 3),
          expectedDataLossSec: losses.some((x) => x === null) ? null : Math.max(0, ...(losses as number[])),
          lastKnownDataLoss: lastKnown.length ? { seconds: Math.max(...lastKnown.map((x) => x.seconds)), asOf: lastKnown.map((x) => x.asOf ?? "").sort()[0] || null } : null,
          path,
          canRun,
          href: run ? `/failovers/${run.id}` : `/failovers/new?${new URLSearchParams({ service: rb.service, to: row.to, mode: "failover" })}`,
          evaluatedAt: row.evaluatedAt,
          dataAsOf: rows.map((x) => x.dataAsOf).filter((x): x is string => !!x).sort()[0] ?? null,
        });
      }
    }
    const mine = statuses.filter((s) => s.region === r.id);
    out.push({
      region: r.id,
      name: r.name,
      health: r.health,
      since: r.health === "unreachable" ? r.unreachableSince : r.healthSince,
      paging: mine.filter((s) => s.state === "page").length,
      noData: mine.filter((s) => s.state === "no-data" && s.requestRate === null).length,
      targets: healthy,
      runbooks: runbooks.sort((a, b) => CAN_RUN_ORDER[a.canRun] - CAN_RUN_ORDER[b.canRun] || a.name.localeCompare(b.name)),
    });
  }
  const rank: Record<string, number> = { down: 0, unreachable: 1, degraded: 2 };
  return out.sort((a, b) => (rank[a.health] ?? 3) - (rank[b.health] ?? 3) || a.region.localeCompare(b.region));
}
