import "server-only";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import type { Actor } from "@/lib/auth/actor";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { AppError, ConflictError, ValidationError } from "@/lib/http/errors";
import type { RunOptions } from "@/lib/sources/terraform";
import { parsePlanJson } from "./plan-json";
import { recordChange } from "./record-change";
import type { PlanChangeBody } from "./schemas";
import { assertWorkspaceScope, getTerraformClient, initWorkDir, getWorkspace, syncWorkDir, withWorkspaceQueue } from "./workspaces";

function tail(text: string, n = 8): string {
  return text.trim().split("\n").slice(-n).join("\n").slice(0, 2000);
}

/**
 * The operator's "Plan": `terraform init` and `terraform plan -out` in the workspace's private work
 * folder, then `terraform show -json` and `terraform show -no-color` of that saved plan; all three are
 * stored as a change request.
 */
export async function planChange(actor: Actor, body: PlanChangeBody, requestId?: string, opts: Pick<RunOptions, "onSpawn"> = {}) {
  const ws = getWorkspace(body.workspace);
  assertWorkspaceScope(actor, ws.name);
  // Early, so a locked workspace costs no terraform run; the check that counts is in the plan's own
  // transaction (recordChange's refuseLockedWorkspace), as an apply may lock it while terraform plans.
  const lock = await db().workspaceLock.findUnique({ where: { workspace: ws.name } });
  if (lock) throw new ConflictError(`Workspace ${ws.name} is locked by change ${lock.changeId}: a plan now would be stale before it is reviewed.`, { lockedBy: lock.changeId });

  try {
    return await withWorkspaceQueue(ws.name, async () => {
      // The plan phase starts when this workspace's turn comes, not while it waits in the queue.
      const planStartedAt = new Date();
      await syncWorkDir(ws);
      const tf = getTerraformClient(ws);
      await initWorkDir(ws, tf, opts);
      const file = `plans/${randomUUID()}.tfplan`;
      const result = await tf.plan(file, { ...opts, vars: body.vars });
      try {
        if (result.outcome === "error") throw new ValidationError(`terraform plan failed in ${ws.name}:\n${tail(result.output)}`);
        if (result.outcome === "no-changes") throw new ValidationError(`terraform reports no changes in ${ws.name}: there is nothing to request.`);
        const plan = parsePlanJson(await tf.showJson(file, opts));
        const planText = await tf.showText(file, opts);
        const planFile = new Uint8Array(await readFile(result.planFile));
        const recorded = await recordChange(actor, { ws, origin: "console", title: body.title, commitSha: body.commitSha, prUrl: body.prUrl, planFile, plan, planText, planStartedAt, changeId: body.changeId, requestId, refuseLockedWorkspace: true });
        // terraform's own line, so callers (and tests) can hold the stored counts against it.
        return { ...recorded, terraformPlanLine: /Plan: [^\n]*\./.exec(result.output)?.[0] ?? null };
      } finally {
        // The plan file is stored with the change; apply writes it back.
        await rm(result.planFile, { force: true });
      }
    });
  } catch (error) {
    await recordAuditEvent({
      actor: { id: actor.id, name: actor.username },
      action: "change.plan-failed",
      target: { type: "workspace", id: ws.name },
      outcome: "failure",
      reason: error instanceof Error ? error.message.slice(0, 500) : String(error),
      details: { workspace: ws.name, changeId: body.changeId ?? null, status: error instanceof AppError ? error.status : null },
      requestId,
    });
    throw error;
  }
}
