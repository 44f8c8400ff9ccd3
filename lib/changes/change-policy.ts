import "server-only";
import type { ChangeApproval, ChangeRequest } from "@/generated/prisma/client";
import { getConfig } from "@/lib/config/store";
import { reader, type Tx } from "@/lib/db/client";
import { getChangeGate } from "@/lib/slos/queries";
import { approvalPolicySchema } from "./config-schema";
import type { PlanSummary } from "./plan-summary";
import { evaluatePolicy, type ApprovalPolicy, type PolicyApproval, type PolicyResult, type SloGateResult, type SloOverride } from "./policy";

export type StoredOverride = { by: string; byId: string; role: string; reason: string; at: string; planSha256: string };

type ChangeForPolicy = Pick<ChangeRequest, "workspace" | "state" | "requestedById" | "planSha256" | "summary" | "sloOverride">;

export function getWorkspacePolicy(workspace: string): ApprovalPolicy {
  // A workspace removed from config keeps the strictest defaults rather than no policy.
  return getConfig().workspaces.find((w) => w.name === workspace)?.policy ?? approvalPolicySchema.parse({});
}

export function toPolicyApproval(a: ChangeApproval): PolicyApproval {
  return { approverId: a.approverId, approverName: a.approverName, role: a.role, decision: a.decision, planSha256: a.planSha256, createdAt: a.createdAt, expiresAt: a.expiresAt, invalidatedAt: a.invalidatedAt };
}

export function readOverride(value: unknown, planSha: string): StoredOverride | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const o = value as Partial<StoredOverride>;
  if (typeof o.by !== "string" || typeof o.reason !== "string" || typeof o.role !== "string") return null;
  // An override is for one plan: a new plan needs a new decision.
  if (o.planSha256 !== planSha) return null;
  return { by: o.by, byId: o.byId ?? "", role: o.role, reason: o.reason, at: o.at ?? "", planSha256: o.planSha256 };
}

/**
 * Regions and services the plan touches: what the SLO gate is asked about. A workspace that names
 * no services (`services: []`, the default) could touch any of them: the gate then covers every
 * service of the regions (services undefined), whatever resource names happen to match.
 */
export function getGateScope(summary: PlanSummary, workspaceRegions: string[], workspaceServices: string[] = []): { regions: string[]; services?: string[] } {
  const regions = summary.blastRadius.map((r) => r.region);
  const services = summary.services.map((s) => s.service);
  return { regions: regions.length ? regions : workspaceRegions, ...(workspaceServices.length > 0 && services.length > 0 ? { services } : {}) };
}

export async function getSloGate(change: ChangeForPolicy): Promise<SloGateResult & { unknown: string[] }> {
  const ws = getConfig().workspaces.find((w) => w.name === change.workspace);
  const scope = getGateScope(change.summary as unknown as PlanSummary, ws?.regions ?? [], ws?.services ?? []);
  const gate = await getChangeGate(scope);
  return { blocked: gate.blocked, reasons: gate.reasons.map((r) => r.detail), unknown: gate.unknown };
}

/** Evaluates the workspace policy for a change as it stands now (approvals, freeze windows, SLO gate, override). */
export async function getChangePolicy(change: ChangeForPolicy, approvals: ChangeApproval[], now = new Date()) {
  const policy = getWorkspacePolicy(change.workspace);
  const sloGate = policy.sloGate ? await getSloGate(change) : { blocked: false, reasons: [], unknown: [] };
  const stored = readOverride(change.sloOverride, change.planSha256);
  const override: SloOverride = stored ? { by: stored.by, role: stored.role, reason: stored.reason } : null;
  const result: PolicyResult = evaluatePolicy({
    change: { state: change.state, requesterId: change.requestedById, planSha256: change.planSha256, workspace: change.workspace },
    approvals: approvals.map(toPolicyApproval),
    policy,
    now,
    sloGate,
    override,
  });
  return { policy, result, sloGate, override: stored };
}

/** The stored summary without its resource list (which runs to megabytes for big plans). */
export async function getSummaryHead(id: string, client: Tx = reader()): Promise<Omit<PlanSummary, "resources">> {
  const rows = await client.$queryRaw<Array<{ summary: Omit<PlanSummary, "resources"> }>>`SELECT ("summary" - 'resources') AS "summary" FROM "ChangeRequest" WHERE "id" = ${id}`;
  if (!rows[0]) throw new Error(`change ${id} has no summary`);
  return rows[0].summary;
}
