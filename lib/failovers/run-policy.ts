import "server-only";
import type { FailoverApproval, FailoverRun } from "@/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Tx } from "@/lib/db/client";
import { lockForDecision } from "@/lib/db/decision";
import { listReadinessRows, type ReadinessRow } from "@/lib/replication/queries";
import { evaluateFailoverPolicy, hasReadinessDropped, type BreakGlass, type FailoverPolicyResult } from "./policy";
import { getExpectedDataLoss, getPromotedServices, type ExpectedDataLoss } from "./expected-data-loss";
import { findReadinessRow, getRunbook } from "./preflight";
import { readPreflight, toJson } from "./run-record";
import { getRunbookVersion } from "./runbook-version";

export type RunWithApprovals = FailoverRun & { approvals: FailoverApproval[] };

/** The runbook's version in the config now; "" when the runbook was removed (nothing matches it). */
export function getCurrentRunbookVersion(service: string): string {
  try {
    return getRunbookVersion(getRunbook(service));
  } catch {
    return "";
  }
}

/** The runbook service's readiness row now, with the runbook's expected data loss (the services it promotes). */
export type ReadinessNow = ReadinessRow & { dataLoss: ExpectedDataLoss };

export async function getReadinessNow(service: string, to: string): Promise<ReadinessNow | null> {
  const { readiness } = await listReadinessRows();
  const row = findReadinessRow(readiness, service, to);
  if (!row) return null;
  let services = [service];
  try {
    services = getPromotedServices(getRunbook(service));
  } catch {
    // The runbook was removed from the config: its own service is all that is known.
  }
  return { ...row, dataLoss: getExpectedDataLoss(readiness, services, row.from, to) };
}

export function evaluateRun(run: RunWithApprovals, readinessNow: ReadinessRow | null, breakGlass?: BreakGlass | null): FailoverPolicyResult {
  const preflight = readPreflight(run.preflight);
  return evaluateFailoverPolicy({
    run: { state: run.state, requesterId: run.requestedById, runbookVersion: run.runbookVersion, toRegion: run.toRegion },
    approvals: run.approvals.map((a) => ({ id: a.id, approverId: a.approverId, approverName: a.approverName, role: a.role, runbookVersion: a.runbookVersion, target: a.target, invalidatedAt: a.invalidatedAt })),
    currentRunbookVersion: getCurrentRunbookVersion(run.service),
    readinessAtRequest: preflight.readiness?.verdict ?? null,
    readinessNow: readinessNow?.verdict ?? null,
    breakGlass,
  });
}

/**
 * Locks a run row for the rest of the caller's transaction (SELECT … FOR UPDATE) and reads it with
 * its approvals under that lock.
 */
export async function lockRun(tx: Tx, id: string): Promise<RunWithApprovals | null> {
  if (!(await lockForDecision(tx, "failover-run", id))) return null;
  return tx.failoverRun.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
}

/**
 * Readiness fell to not-ready since the verdict the approvers saw: void their approvals (an approved
 * run goes back to requested) and store the new verdict as the one further approvals are given on.
 * Runs in the caller's transaction, on a run it has locked; returns the run as it is afterwards.
 */
export async function voidApprovalsIfReadinessDropped(tx: Tx, run: RunWithApprovals, readinessNow: ReadinessNow | null, requestId?: string): Promise<RunWithApprovals> {
  const preflight = readPreflight(run.preflight);
  if (!readinessNow || !["requested", "approved"].includes(run.state) || !hasReadinessDropped(preflight.readiness?.verdict ?? null, readinessNow.verdict)) return run;
  const now = new Date();
  const voided = await tx.failoverApproval.updateMany({ where: { runId: run.id, invalidatedAt: null }, data: { invalidatedAt: now } });
  await tx.failoverRun.update({
    where: { id: run.id },
    data: {
      state: "requested",
      preflight: toJson({
        ...preflight,
        readiness: { verdict: readinessNow.verdict, reasons: readinessNow.reasons, evaluatedAt: readinessNow.evaluatedAt },
        expectedDataLossSec: readinessNow.dataLoss.seconds,
        expectedDataLoss: readinessNow.dataLoss,
        readinessRefreshedAt: now.toISOString(),
      }),
    },
  });
  await appendAuditEvent(tx, {
    actor: { id: null, name: "system" },
    action: "failover.approvals-invalidated",
    target: { type: "failover-run", id: run.id },
    reason: `readiness dropped from ${preflight.readiness?.verdict ?? "unknown"} to not-ready`,
    details: { voided: voided.count, reasons: readinessNow.reasons.filter((r) => r.verdict === "not-ready").map((r) => r.message) },
    requestId,
  });
  return tx.failoverRun.findUniqueOrThrow({ where: { id: run.id }, include: { approvals: true } });
}
