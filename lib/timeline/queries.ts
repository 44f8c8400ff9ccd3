import "server-only";
import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery } from "@/lib/audit/schemas";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/observability/log";
import { listDeploymentEvents } from "@/lib/deployments/queries";
import { getSloSeries, listSloStatuses } from "@/lib/slos/queries";
import type { SloStatus } from "@/lib/slos/types";

// "What changed": deployments, terraform applies, failovers and demo scenario changes on one time
// axis, drawn against the burn of the SLOs that burn most now. Each source is read on its own; one
// that fails is reported in `errors` and the rest still arrive.

export type TimelineKind = "deployment" | "apply" | "failover" | "scenario";
export type TimelineEvent = { kind: TimelineKind; at: string; title: string; detail: string | null; href: string | null; tone: "ok" | "warn" | "bad" | "info" };
export type BurnSeries = { slo: string; name: string; service: string; region: string; state: string; points: Array<{ t: number; burn: number | null }> };
export type Timeline = { from: string; to: string; events: TimelineEvent[]; burn: BurnSeries[]; errors: Array<{ source: string; message: string }> };

/** How many SLOs the burn lines show: the ones burning hardest now. */
const BURN_SERIES = 3;
const MAX_DEPLOYMENTS = 300;

// A source's failure is shown to the user: typed errors carry a message written for them; anything
// else (a Prisma or driver error, with SQL and file paths) is logged and answered in general terms.
const message = (e: unknown) => {
  if (e instanceof AppError) return e.message;
  log.error("timeline source failed", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  return "this source could not be read; the details are in the server log";
};

async function deploymentEvents(from: Date, to: Date): Promise<TimelineEvent[]> {
  const rows = await listDeploymentEvents({ from, to });
  return rows.slice(-MAX_DEPLOYMENTS).map((d) => ({
    kind: "deployment",
    at: d.at,
    title: `${d.service} ${d.version} in ${d.region}`,
    detail: d.previousVersion ? `from ${d.previousVersion}` : null,
    href: `/deployments/${encodeURIComponent(d.service)}`,
    tone: "info",
  }));
}

const APPLY_ACTIONS: Record<string, TimelineEvent["tone"]> = { "change.applied": "ok", "change.apply-failed": "bad", "change.apply-stale": "warn", "change.apply-interrupted": "bad" };

async function auditEvents(from: Date, to: Date): Promise<TimelineEvent[]> {
  const [changes, scenarios] = await Promise.all([
    listAuditEvents(listAuditQuery.parse({ action: "change.", from: from.toISOString(), to: to.toISOString(), limit: 500 })),
    listAuditEvents(listAuditQuery.parse({ action: "scenario.changed", from: from.toISOString(), to: to.toISOString(), limit: 500 })),
  ]);
  const out: TimelineEvent[] = [];
  for (const e of changes.events) {
    const tone = APPLY_ACTIONS[e.action];
    if (!tone) continue;
    const d = (e.details ?? {}) as { workspace?: string };
    out.push({ kind: "apply", at: e.at, title: `terraform ${e.action.replace("change.", "")}${d.workspace ? ` in ${d.workspace}` : ""}`, detail: `by ${e.actorName}`, href: e.targetId ? `/changes/${e.targetId}` : null, tone });
  }
  for (const e of scenarios.events) {
    const d = (e.details ?? {}) as { from?: string; to?: string };
    out.push({ kind: "scenario", at: e.at, title: `Demo scenario: ${d.from ?? "?"} → ${d.to ?? "?"}`, detail: `by ${e.actorName}`, href: "/settings", tone: d.to === "steady" ? "ok" : "warn" });
  }
  return out;
}

const FAILOVER_TONE: Record<string, TimelineEvent["tone"]> = { succeeded: "ok", failed: "bad", aborted: "warn", running: "info", requested: "info", approved: "info" };

async function failoverEvents(from: Date, to: Date): Promise<TimelineEvent[]> {
  const runs = await db().failoverRun.findMany({
    where: { OR: [{ createdAt: { gte: from, lte: to } }, { startedAt: { gte: from, lte: to } }, { finishedAt: { gte: from, lte: to } }] },
    select: { id: true, number: true, service: true, fromRegion: true, toRegion: true, mode: true, state: true, breakGlass: true, createdAt: true, startedAt: true, rtoSeconds: true },
    orderBy: { number: "asc" },
  });
  return runs.map((r) => ({
    kind: "failover",
    at: (r.startedAt ?? r.createdAt).toISOString(),
    title: `${r.mode === "drill" ? "Drill" : "Failover"} #${r.number} ${r.service} ${r.fromRegion} → ${r.toRegion}: ${r.state}`,
    detail: [r.breakGlass ? "break-glass" : null, r.rtoSeconds !== null ? `RTO ${r.rtoSeconds} s` : null].filter(Boolean).join(", ") || null,
    href: `/failovers/${r.id}`,
    tone: FAILOVER_TONE[r.state] ?? "info",
  }));
}

/** The SLOs to draw: burning ones first, then by the 1 h burn rate. */
export function pickBurnSlos(statuses: SloStatus[], n = BURN_SERIES): SloStatus[] {
  const rank = (s: SloStatus) => (s.state === "page" ? 2 : s.state === "ticket" ? 1 : 0);
  return [...statuses]
    .filter((s) => s.sli !== null)
    .sort((a, b) => rank(b) - rank(a) || (b.burnRates["1h"] ?? 0) - (a.burnRates["1h"] ?? 0))
    .slice(0, n);
}

async function burnSeries(from: Date, to: Date, errors: Timeline["errors"]): Promise<BurnSeries[]> {
  const { statuses } = await listSloStatuses();
  const picked = pickBurnSlos(statuses);
  const settled = await Promise.allSettled(picked.map((s) => getSloSeries(s.slo, to.getTime() - from.getTime(), to.getTime())));
  const out: BurnSeries[] = [];
  settled.forEach((r, i) => {
    const s = picked[i];
    if (r.status === "rejected") {
      errors.push({ source: `slo ${s.slo}`, message: message(r.reason) });
      return;
    }
    const allowed = 1 - s.objective / 100;
    // Burn rate per step: the bad share over what the objective allows (1 = spending exactly on budget).
    out.push({ slo: s.slo, name: s.name, service: s.service, region: s.region, state: s.state, points: r.value.points.map((p) => ({ t: p.t, burn: p.sli === null || allowed <= 0 ? null : Math.round(((1 - p.sli) / allowed) * 100) / 100 })) });
  });
  return out;
}

export async function getTimeline(range: { from: Date; to: Date }): Promise<Timeline> {
  const errors: Timeline["errors"] = [];
  const sources: Array<[string, Promise<TimelineEvent[]>]> = [
    ["deployments", deploymentEvents(range.from, range.to)],
    ["audit", auditEvents(range.from, range.to)],
    ["failovers", failoverEvents(range.from, range.to)],
  ];
  const [settled, burn] = await Promise.all([
    Promise.allSettled(sources.map(([, p]) => p)),
    burnSeries(range.from, range.to, errors).catch((e: unknown) => {
      errors.push({ source: "slos", message: message(e) });
      return [];
    }),
  ]);
  const events: TimelineEvent[] = [];
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") events.push(...r.value);
    else errors.push({ source: sources[i][0], message: message(r.reason) });
  });
  events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { from: range.from.toISOString(), to: range.to.toISOString(), events, burn, errors };
}
