import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/http/errors";
import { getChangePolicy, type StoredOverride } from "./change-policy";
import type { PlanCounts, PlanSummary, ResourceSummary } from "./plan-summary";
import type { Blocker } from "./policy";
import { ensureRecovered } from "./recover-interrupted-applies";
import type { ChangeLogQuery, ListChangesQuery } from "./schemas";
import { TERMINAL_STATES } from "./state-machine";

export type ChangeListItem = {
  id: string;
  number: number;
  title: string;
  workspace: string;
  state: string;
  origin: string;
  requestedBy: string;
  planLine: string | null;
  counts: PlanCounts;
  destructive: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

export type ApprovalDto = { id: string; approver: string; role: string; decision: string; comment: string | null; planSha256: string; createdAt: string; expiresAt: string; invalidated: boolean; current: boolean };

export type ChangeDetail = ChangeListItem & {
  requestedById: string;
  planSha256: string;
  planRevision: number;
  commitSha: string | null;
  prUrl: string | null;
  exitCode: number | null;
  applyStartedAt: string | null;
  summary: Omit<PlanSummary, "resources">;
  resources: ResourceSummary[];
  resourcePage: { page: number; pageSize: number; total: number; pages: number; filter: ResourceFilter };
  approvals: ApprovalDto[];
  policy: { canApply: boolean; blockers: Blocker[]; counted: number; required: number; sloGateOverridden: boolean; approverRoles: string[]; approvalTtlMs: number };
  sloGate: { blocked: boolean; reasons: string[]; unknown: string[] };
  override: StoredOverride | null;
  lock: { changeId: string; holder: string; acquiredAt: string } | null;
  logLength: number;
  terminal: boolean;
};

export const RESOURCE_FILTERS = ["all", "destructive", "stateful", "create", "update", "replace", "delete"] as const;
export type ResourceFilter = (typeof RESOURCE_FILTERS)[number];
export const RESOURCE_PAGE_SIZE = 100;

function listItem(row: { id: string; number: number; title: string; workspace: string; state: string; origin: string; requestedByName: string; summary: Prisma.JsonValue; createdAt: Date; updatedAt: Date; finishedAt: Date | null }): ChangeListItem {
  const summary = row.summary as unknown as Pick<PlanSummary, "planLine" | "counts" | "destructive">;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    workspace: row.workspace,
    state: row.state,
    origin: row.origin,
    requestedBy: row.requestedByName,
    planLine: summary.planLine,
    counts: summary.counts,
    destructive: summary.destructive.length,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listChanges(query: ListChangesQuery): Promise<ChangeListItem[]> {
  await ensureRecovered();
  const rows = await db().changeRequest.findMany({
    where: { ...(query.state ? { state: query.state } : {}), ...(query.workspace ? { workspace: query.workspace } : {}) },
    orderBy: { number: "desc" },
    take: query.limit,
    // Only what the list shows: never the plan file, the plan JSON or the log.
    select: { id: true, number: true, title: true, workspace: true, state: true, origin: true, requestedByName: true, summary: true, createdAt: true, updatedAt: true, finishedAt: true },
  });
  return rows.map(listItem);
}

function matchesFilter(r: ResourceSummary, filter: ResourceFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "destructive":
      return r.destructive;
    case "stateful":
      return r.stateful !== null;
    default:
      return r.action === filter;
  }
}

export async function getChangeDetail(id: string, opts: { page?: number; filter?: ResourceFilter } = {}): Promise<ChangeDetail> {
  await ensureRecovered();
  const row = await db().changeRequest.findUnique({ where: { id }, omit: { planFile: true, planJson: true, log: true }, include: { approvals: { orderBy: { createdAt: "asc" } } } });
  if (!row) throw new NotFoundError("No change request with that id.");
  const [{ policy, result, sloGate, override }, lock, logLength] = await Promise.all([
    getChangePolicy(row, row.approvals),
    db().workspaceLock.findUnique({ where: { workspace: row.workspace } }),
    db().$queryRaw<Array<{ n: number }>>`SELECT length("log")::int AS n FROM "ChangeRequest" WHERE "id" = ${id}`,
  ]);
  const { resources: all, ...summary } = row.summary as unknown as PlanSummary;
  const filter = opts.filter ?? "all";
  const filtered = filter === "all" ? all : all.filter((r) => matchesFilter(r, filter));
  const pages = Math.max(1, Math.ceil(filtered.length / RESOURCE_PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  return {
    ...listItem(row),
    requestedById: row.requestedById,
    planSha256: row.planSha256,
    planRevision: row.planRevision,
    commitSha: row.commitSha,
    prUrl: row.prUrl,
    exitCode: row.exitCode,
    applyStartedAt: row.applyStartedAt?.toISOString() ?? null,
    summary,
    resources: filtered.slice((page - 1) * RESOURCE_PAGE_SIZE, page * RESOURCE_PAGE_SIZE),
    resourcePage: { page, pageSize: RESOURCE_PAGE_SIZE, total: filtered.length, pages, filter },
    approvals: row.approvals.map((a) => ({
      id: a.id,
      approver: a.approverName,
      role: a.role,
      decision: a.decision,
      comment: a.comment,
      planSha256: a.planSha256,
      createdAt: a.createdAt.toISOString(),
      expiresAt: a.expiresAt.toISOString(),
      invalidated: a.invalidatedAt !== null,
      current: a.invalidatedAt === null && a.planSha256 === row.planSha256,
    })),
    policy: {
      canApply: result.canApply,
      blockers: result.blockers,
      counted: result.counted.length,
      required: result.required,
      sloGateOverridden: result.sloGateOverridden,
      approverRoles: policy.approverRoles,
      approvalTtlMs: policy.approvalTtl,
    },
    sloGate,
    override,
    lock: lock ? { changeId: lock.changeId, holder: lock.holder, acquiredAt: lock.acquiredAt.toISOString() } : null,
    logLength: logLength[0]?.n ?? 0,
    terminal: (TERMINAL_STATES as readonly string[]).includes(row.state),
  };
}

export type ChangeLogChunk = { text: string; offset: number; nextOffset: number; state: string; done: boolean; exitCode: number | null };

/** The apply log from `offset` (characters) on: pollers ask again with nextOffset until done. */
export async function getChangeLog(id: string, query: ChangeLogQuery): Promise<ChangeLogChunk> {
  const rows = await db().$queryRaw<Array<{ state: string; exitCode: number | null; total: number; text: string }>>`
    SELECT "state", "exitCode", length("log")::int AS total, substr("log", ${query.offset + 1}::int) AS text FROM "ChangeRequest" WHERE "id" = ${id}`;
  const row = rows[0];
  if (!row) throw new NotFoundError("No change request with that id.");
  return { text: row.text, offset: query.offset, nextOffset: Math.max(query.offset, row.total), state: row.state, done: row.state !== "applying", exitCode: row.exitCode };
}
