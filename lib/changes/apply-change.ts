import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import { decide } from "@/lib/db/decision";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { getInstanceLabel } from "@/lib/jobs/instance";
import type { Prisma } from "@/generated/prisma/client";
import { getChangePolicy, getSummaryHead } from "./change-policy";
import { hashStoredPlan, lockChange } from "./lock-change";
import type { ApplyChangeBody } from "./schemas";
import { getStatesBefore } from "./state-machine";
import { assertWorkspaceScope, getWorkspace } from "./workspaces";

type Refusal = { refused: string; details: AuditDetails };

/**
 * Accepts the apply of exactly the approved plan, once. One transaction decides: it locks the change
 * row, re-reads the approvals, re-hashes the stored plan bytes, re-evaluates the whole policy
 * (approvals, expiry, freeze windows, SLO gate, override), moves approved → applying, takes the
 * workspace lock row and enqueues the job that runs terraform on whichever replica picks it up.
 */
export async function applyChange(actor: Actor, id: string, body: ApplyChangeBody, requestId?: string) {
  const who = { id: actor.id, name: actor.username };
  let decided: { number: number } | Refusal;
  try {
    decided = await decide("change", async (tx): Promise<{ number: number } | Refusal> => {
      const change = await lockChange(tx, id);
      if (!change) throw new NotFoundError("No change request with that id.");
      assertWorkspaceScope(actor, change.workspace);
      getWorkspace(change.workspace);
      if (body.planSha256 !== change.planSha256) {
        return { refused: `The plan changed since you looked at it: the change holds plan ${change.planSha256.slice(0, 12)}.`, details: { planSha256: change.planSha256 } };
      }
      const storedHash = await hashStoredPlan(tx, id);
      if (storedHash !== change.planSha256) {
        return { refused: `The stored plan file no longer matches the approved plan ${change.planSha256.slice(0, 12)} (it hashes to ${storedHash?.slice(0, 12) ?? "nothing"}): nothing was run. Plan again.`, details: { planSha256: change.planSha256, storedSha256: storedHash } };
      }
      const summary = await getSummaryHead(id, tx);
      const { result, override } = await getChangePolicy({ ...change, summary: summary as unknown as Prisma.JsonValue }, change.approvals);
      if (!result.canApply) return { refused: `Apply blocked: ${result.blockers.map((b) => b.message).join(" ")}`, details: { blockers: result.blockers } };

      const moved = await tx.changeRequest.updateMany({
        where: { id, state: { in: getStatesBefore("applying") }, planSha256: change.planSha256, planRevision: change.planRevision },
        data: { state: "applying", applyStartedAt: new Date(), appliedById: actor.id, appliedByName: actor.username, exitCode: null, runnerId: null, heartbeatAt: new Date() },
      });
      if (moved.count !== 1) throw new ConflictError("This change moved on while the apply was decided; it is applied at most once.");
      const locked = await tx.workspaceLock.createMany({ data: [{ workspace: change.workspace, changeId: id, holder: getInstanceLabel() }], skipDuplicates: true });
      if (locked.count === 0) {
        // Throwing (not returning) rolls the state move back.
        const other = await tx.workspaceLock.findUnique({ where: { workspace: change.workspace } });
        throw new ConflictError(`Workspace ${change.workspace} is locked by change ${other?.changeId ?? "?"}; one apply per workspace at a time.`, { lockedBy: other?.changeId ?? null });
      }
      await enqueueJob(tx, "apply-change", { changeId: id, actor: who, requestId: requestId ?? null }, { maxAttempts: 1, jobKey: `apply:${id}:${change.planRevision}` });
      await appendAuditEvent(tx, {
        actor: who,
        action: "change.apply-started",
        target: { type: "change", id },
        reason: result.sloGateOverridden && override ? `SLO gate overridden by ${override.by}: ${override.reason}` : null,
        details: {
          workspace: change.workspace,
          planSha256: change.planSha256,
          planRevision: change.planRevision,
          approvals: result.counted.map((a) => a.approverName ?? a.approverId),
          sloGateOverridden: result.sloGateOverridden,
          acceptedBy: getInstanceLabel(),
        },
        requestId,
      });
      return { number: change.number };
    });
  } catch (error) {
    if (error instanceof ConflictError) decided = { refused: error.message, details: error.extra as AuditDetails };
    else throw error;
  }
  if ("refused" in decided) {
    await recordAuditEvent({ actor: who, action: "change.apply-refused", target: { type: "change", id }, outcome: "failure", reason: decided.refused, details: decided.details, requestId });
    throw new ConflictError(decided.refused, decided.details);
  }
  return { id, number: decided.number, state: "applying" as const };
}
