import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db, type Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { notifyChange } from "@/lib/notifications/webhook";
import { loadTopologyTimeline } from "@/lib/topology/store";
import type { WorkspaceConfig } from "./config-schema";
import { planSha256, type PlanJson } from "./plan-json";
import { redactPlan, summarizePlan, type PlanSummary } from "./plan-summary";
import { preparePlanText } from "./plan-text";
import { getSummarizeOptions } from "./summarize-options";

export type RecordChangeInput = {
  ws: WorkspaceConfig;
  origin: "ci" | "console";
  title?: string;
  commitSha?: string;
  prUrl?: string;
  planFile: Uint8Array;
  /** What `terraform show -json` printed for planFile (never the uploader's copy). */
  plan: PlanJson;
  /** What `terraform show -no-color` printed for the same planFile: stored masked, beside its bytes. */
  planText?: string;
  /** When Meridian started planning (init, plan, show); absent when CI planned elsewhere. */
  planStartedAt?: Date;
  /** Re-plan of an open change: replaces its plan, invalidates its approvals and makes its author the requester. */
  changeId?: string;
  requestId?: string;
  /** Refuse when the workspace is locked by an apply (the console's plans: one made now would be stale), checked in this transaction. */
  refuseLockedWorkspace?: boolean;
};

// The claim below: a WorkspaceLock row this transaction inserts and deletes again before it commits.
const PLAN_CLAIM = "(a plan being recorded)";

/**
 * Refuses a locked workspace, in the caller's transaction and race-free: the lock row's key is taken
 * for the rest of the transaction (an INSERT that is deleted again before commit, so nobody ever
 * sees it). An apply that committed its lock first makes the INSERT insert nothing: refused. An apply
 * deciding at this moment waits at its own INSERT until this plan is recorded, and then locks.
 */
export async function claimUnlockedWorkspace(tx: Tx, workspace: string): Promise<() => Promise<void>> {
  const claimed = await tx.$executeRaw`INSERT INTO "WorkspaceLock" ("workspace", "changeId", "holder") VALUES (${workspace}, ${PLAN_CLAIM}, ${PLAN_CLAIM}) ON CONFLICT ("workspace") DO NOTHING`;
  if (claimed === 0) {
    const lock = await tx.workspaceLock.findUnique({ where: { workspace } });
    throw new ConflictError(`Workspace ${workspace} is locked by change ${lock?.changeId ?? "?"}: a plan now would be stale before it is reviewed.`, { lockedBy: lock?.changeId ?? null });
  }
  return async () => void (await tx.$executeRaw`DELETE FROM "WorkspaceLock" WHERE "workspace" = ${workspace} AND "changeId" = ${PLAN_CLAIM}`);
}

export function changeUrl(id: string): string {
  return `/changes/${id}`;
}

function defaultTitle(summary: PlanSummary, ws: WorkspaceConfig, commitSha?: string): string {
  const what = summary.planLine ?? (summary.outputs.length ? "Output changes only" : "No changes");
  return `${ws.name}: ${what}${commitSha ? ` (${commitSha.slice(0, 8)})` : ""}`;
}

/**
 * Stores a validated plan as a change request (or as the new plan of an open one), with its audit
 * event in the same transaction. Only the redacted plan JSON is stored; the summary is what the page shows.
 */
export async function recordChange(actor: Actor, input: RecordChangeInput) {
  const { ws } = input;
  const summary = summarizePlan(input.plan, getSummarizeOptions(ws, await loadTopologyTimeline()));
  const sha = planSha256(input.planFile);
  const title = input.title ?? defaultTitle(summary, ws, input.commitSha);
  // Large plans (5,000 resources: tens of MB) go in as JSON text cast in SQL: passing the object
  // through Prisma's parameter serialisation took seconds and outlived the transaction timeout.
  const planJsonText = JSON.stringify(redactPlan(input.plan));
  const summaryText = JSON.stringify(summary);
  // Written with the plan bytes in one statement: the text always describes the plan approvals bind to.
  const planText = input.planText === undefined ? null : preparePlanText(input.planText, input.plan);
  const planTimes = { planStartedAt: input.planStartedAt ?? null, plannedAt: new Date() };
  const placeholder = {} as Prisma.InputJsonValue;
  const auditDetails = { workspace: ws.name, planSha256: sha, planLine: summary.planLine, counts: summary.counts, origin: input.origin, commitSha: input.commitSha ?? null, prUrl: input.prUrl ?? null, via: actor.via };

  const change = await db().$transaction(async (tx) => {
    const release = input.refuseLockedWorkspace ? await claimUnlockedWorkspace(tx, ws.name) : async () => undefined;
    const row = await recordIn(tx);
    await release();
    return row;
  });

  async function recordIn(tx: Tx) {
    if (input.changeId) {
      const existing = await tx.changeRequest.findUnique({ where: { id: input.changeId }, select: { id: true, workspace: true, planRevision: true, requestedById: true, requestedByName: true } });
      if (!existing) throw new NotFoundError("No change request with that id.");
      if (existing.workspace !== ws.name) throw new ConflictError(`Change ${existing.id} belongs to workspace ${existing.workspace}.`);
      // Conditional: only an open request takes a new plan; approvals of the old plan stop counting.
      // Whoever made the plan in force is its requester: four-eyes holds against them, not the first author.
      const moved = await tx.changeRequest.updateMany({
        where: { id: existing.id, state: { in: ["proposed", "approved"] }, planRevision: existing.planRevision },
        data: { state: "proposed", requestedById: actor.id, requestedByName: actor.username, planSha256: sha, planRevision: { increment: 1 }, planFile: Buffer.from(input.planFile), planText, ...planTimes, planJson: placeholder, summary: placeholder, commitSha: input.commitSha ?? null, prUrl: input.prUrl ?? null, sloOverride: Prisma.DbNull },
      });
      if (moved.count === 0) throw new ConflictError("This change is no longer open (or was re-planned at the same moment); it cannot take a new plan.");
      await tx.$executeRaw`UPDATE "ChangeRequest" SET "planJson" = ${planJsonText}::jsonb, "summary" = ${summaryText}::jsonb WHERE "id" = ${existing.id}`;
      const invalidated = await tx.changeApproval.updateMany({ where: { changeId: existing.id, invalidatedAt: null }, data: { invalidatedAt: new Date() } });
      const row = await tx.changeRequest.findUniqueOrThrow({ where: { id: existing.id }, select: { id: true, number: true, state: true, workspace: true, planSha256: true, planRevision: true, title: true } });
      await appendAuditEvent(tx, {
        actor: { id: actor.id, name: actor.username },
        action: "change.replanned",
        target: { type: "change", id: row.id },
        details: { ...auditDetails, planRevision: row.planRevision, approvalsInvalidated: invalidated.count, previousRequester: existing.requestedById === actor.id ? null : existing.requestedByName },
        requestId: input.requestId,
      });
      return row;
    }
    const row = await tx.changeRequest.create({
      data: {
        workspace: ws.name,
        title,
        state: "proposed",
        origin: input.origin,
        requestedById: actor.id,
        requestedByName: actor.username,
        commitSha: input.commitSha ?? null,
        prUrl: input.prUrl ?? null,
        planSha256: sha,
        planFile: Buffer.from(input.planFile),
        planText,
        ...planTimes,
        planJson: placeholder,
        summary: placeholder,
      },
      select: { id: true, number: true, state: true, workspace: true, planSha256: true, planRevision: true, title: true },
    });
    await tx.$executeRaw`UPDATE "ChangeRequest" SET "planJson" = ${planJsonText}::jsonb, "summary" = ${summaryText}::jsonb WHERE "id" = ${row.id}`;
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "change.requested", target: { type: "change", id: row.id }, details: { ...auditDetails, number: row.number, title }, requestId: input.requestId });
    return row;
  }

  notifyChange({ event: "approval-requested", changeNumber: change.number, changeId: change.id, workspace: ws.name, title: change.title, actor: actor.username, planLine: summary.planLine, url: changeUrl(change.id) });
  return { id: change.id, number: change.number, state: change.state, workspace: change.workspace, planSha256: change.planSha256, planRevision: change.planRevision, planLine: summary.planLine, counts: summary.counts };
}
