import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { readLogChunks } from "@/lib/jobs/log-chunks";
import { NotFoundError } from "@/lib/http/errors";
import { getChangePolicy, type StoredOverride } from "./change-policy";
import type { PlanCounts, PlanSummary, ResourceSummary } from "./plan-summary";
import { getChangePhases, type ChangePhase } from "./phases";
import { getDiscardReason, type Blocker } from "./policy";
import type { ChangeLogQuery, ListChangesQuery, ResourceFilter } from "./schemas";
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
  planStartedAt: string | null;
  plannedAt: string | null;
  /**
   * `terraform show -no-color` of this plan revision's file, sensitive values masked; stored with the
   * plan bytes, so it is the plan the approvals bind to. Null for changes stored before it was kept.
   */
  planText: string | null;
  /** Plan, review and apply with start, end and duration; a running phase has no end. */
  phases: ChangePhase[];
  summary: Omit<PlanSummary, "resources">;
  resources: ResourceSummary[];
  resourcePage: { page: number; pageSize: number; total: number; pages: number; filter: ResourceFilter };
  approvals: ApprovalDto[];
  policy: { canApply: boolean; blockers: Blocker[]; counted: number; required: number; sloGateOverridden: boolean; approverRoles: string[]; approvalTtlMs: number };
  sloGate: { blocked: boolean; reasons: string[]; unknown: string[] };
  override: StoredOverride | null;
  lock: { changeId: string; holder: string; acquiredAt: string } | null;
  /** The worker running the apply, its last heartbeat, and who applied: any replica shows the same. */
  runner: string | null;
  heartbeatAt: string | null;
  appliedBy: string | null;
  logLength: number;
  terminal: boolean;
  /**
   * The viewer's own live review of the current plan ("approve" | "reject"), or null: the page
   * then offers Approve/Reject only to someone who may still review, as the server would decide.
   */
  viewerReview: { decision: string; at: string } | null;
};

export { RESOURCE_FILTERS, type ResourceFilter } from "./schemas";
export const RESOURCE_PAGE_SIZE = 100;

type SummaryHead = { planLine: string | null; counts: PlanCounts; destructive: number };
type ListRow = { id: string; number: number; title: string; workspace: string; state: string; origin: string; requestedByName: string; createdAt: Date; updatedAt: Date; finishedAt: Date | null };

// Summaries of big plans run to megabytes: read only the parts a view needs, in SQL.
async function getSummaryHeads(ids: string[]): Promise<Map<string, SummaryHead>> {
  if (ids.length === 0) return new Map();
  const rows = await db().$queryRaw<Array<{ id: string; planLine: string | null; counts: PlanCounts; destructive: number }>>`
    SELECT "id", "summary"->>'planLine' AS "planLine", "summary"->'counts' AS "counts", jsonb_array_length("summary"->'destructive')::int AS "destructive"
    FROM "ChangeRequest" WHERE "id" IN (${Prisma.join(ids)})`;
  return new Map(rows.map((r) => [r.id, { planLine: r.planLine, counts: r.counts, destructive: r.destructive }]));
}

function listItem(row: ListRow, summary: SummaryHead): ChangeListItem {
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
    destructive: summary.destructive,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listChanges(query: ListChangesQuery): Promise<ChangeListItem[]> {
  const rows = await db().changeRequest.findMany({
    where: { ...(query.state ? { state: query.state } : {}), ...(query.workspace ? { workspace: query.workspace } : {}) },
    orderBy: { number: "desc" },
    take: query.limit,
    // Only what the list shows: never the plan file, the plan JSON or the log.
    select: { id: true, number: true, title: true, workspace: true, state: true, origin: true, requestedByName: true, createdAt: true, updatedAt: true, finishedAt: true },
  });
  const heads = await getSummaryHeads(rows.map((r) => r.id));
  return rows.flatMap((r) => {
    const head = heads.get(r.id);
    return head ? [listItem(r, head)] : [];
  });
}

const FILTER_SQL: Record<ResourceFilter, Prisma.Sql> = {
  all: Prisma.sql`TRUE`,
  destructive: Prisma.sql`(r->>'destructive')::boolean`,
  stateful: Prisma.sql`r->'stateful' <> 'null'::jsonb`,
  create: Prisma.sql`r->>'action' = 'create'`,
  update: Prisma.sql`r->>'action' = 'update'`,
  replace: Prisma.sql`r->>'action' = 'replace'`,
  delete: Prisma.sql`r->>'action' = 'delete'`,
};

export async function getChangeDetail(id: string, opts: { page?: number; filter?: ResourceFilter; viewerId?: string } = {}): Promise<ChangeDetail> {
  const row = await db().changeRequest.findUnique({ where: { id }, omit: { planFile: true, planJson: true, summary: true }, include: { approvals: { orderBy: { createdAt: "asc" } } } });
  if (!row) throw new NotFoundError("No change request with that id.");
  const filter = opts.filter ?? "all";
  // Everything but the resource list, plus one page of the (filtered) list, paged in SQL.
  const [head] = await db().$queryRaw<Array<{ summary: Omit<PlanSummary, "resources">; total: number; logLength: number }>>`
    SELECT ("summary" - 'resources') AS "summary", (SELECT count(*)::int FROM "ChangeLogChunk" WHERE "changeId" = ${id}) AS "logLength",
      (SELECT count(*)::int FROM jsonb_array_elements("summary"->'resources') AS r WHERE ${FILTER_SQL[filter]}) AS "total"
    FROM "ChangeRequest" WHERE "id" = ${id}`;
  const pages = Math.max(1, Math.ceil(head.total / RESOURCE_PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  const resourceRows = await db().$queryRaw<Array<{ r: ResourceSummary }>>`
    SELECT r FROM "ChangeRequest" c, jsonb_array_elements(c."summary"->'resources') WITH ORDINALITY AS t(r, n)
    WHERE c."id" = ${id} AND ${FILTER_SQL[filter]} ORDER BY n LIMIT ${RESOURCE_PAGE_SIZE} OFFSET ${(page - 1) * RESOURCE_PAGE_SIZE}`;
  const summary = head.summary;
  const [{ policy, result, sloGate, override }, lock] = await Promise.all([
    getChangePolicy({ ...row, summary: summary as unknown as Prisma.JsonValue }, row.approvals),
    db().workspaceLock.findUnique({ where: { workspace: row.workspace } }),
  ]);
  const policyChange = { state: row.state, requesterId: row.requestedById, planSha256: row.planSha256, workspace: row.workspace };
  const now = new Date();
  // The same test the review command uses to answer "You already approved this plan".
  const own = opts.viewerId ? row.approvals.find((a) => a.approverId === opts.viewerId && getDiscardReason(a, policyChange, policy, now) === null) : undefined;
  return {
    ...listItem(row, { planLine: summary.planLine, counts: summary.counts, destructive: summary.destructive.length }),
    requestedById: row.requestedById,
    planSha256: row.planSha256,
    planRevision: row.planRevision,
    commitSha: row.commitSha,
    prUrl: row.prUrl,
    exitCode: row.exitCode,
    applyStartedAt: row.applyStartedAt?.toISOString() ?? null,
    planStartedAt: row.planStartedAt?.toISOString() ?? null,
    plannedAt: row.plannedAt?.toISOString() ?? null,
    planText: row.planText,
    phases: getChangePhases(row, now),
    summary,
    resources: resourceRows.map((x) => x.r),
    resourcePage: { page, pageSize: RESOURCE_PAGE_SIZE, total: head.total, pages, filter },
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
    runner: row.runnerId,
    heartbeatAt: row.heartbeatAt?.toISOString() ?? null,
    appliedBy: row.appliedByName,
    logLength: head.logLength,
    terminal: (TERMINAL_STATES as readonly string[]).includes(row.state),
    viewerReview: own ? { decision: own.decision, at: own.createdAt.toISOString() } : null,
  };
}

export type ChangeLogChunk = { text: string; offset: number; nextOffset: number; state: string; done: boolean; exitCode: number | null };

/**
 * The apply log after chunk number `offset`: pollers ask again with nextOffset until done. Chunks are
 * rows appended by the runner, so a reader never sees a rewrite, only growth.
 */
export async function getChangeLog(id: string, query: ChangeLogQuery): Promise<ChangeLogChunk> {
  const change = await db().changeRequest.findUnique({ where: { id }, select: { state: true, exitCode: true } });
  if (!change) throw new NotFoundError("No change request with that id.");
  const chunks = await readLogChunks(db(), "change", id, query.offset);
  return {
    text: chunks.map((c) => c.text).join(""),
    offset: query.offset,
    nextOffset: chunks.at(-1)?.seq ?? query.offset,
    state: change.state,
    done: change.state !== "applying",
    exitCode: change.exitCode,
  };
}

/** Whether a change request exists: its page decides a 404 before its loading state streams. */
export async function changeExists(id: string): Promise<boolean> {
  return (await db().changeRequest.count({ where: { id } })) > 0;
}
