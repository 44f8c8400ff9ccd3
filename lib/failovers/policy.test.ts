import { describe, expect, it } from "vitest";
import { evaluateFailoverPolicy, getApproveDenial, type FailoverPolicyInput, type PolicyFailoverApproval } from "./policy";

const V = "a".repeat(64);
const run = { state: "requested", requesterId: "u-operator", runbookVersion: V, toRegion: "us-east-1" };

function approval(approverId: string, role: string, over: Partial<PolicyFailoverApproval> = {}): PolicyFailoverApproval {
  return { id: `ap-${approverId}`, approverId, role, runbookVersion: V, target: "us-east-1", invalidatedAt: null, ...over };
}

function input(over: Partial<FailoverPolicyInput> = {}): FailoverPolicyInput {
  return { run, approvals: [], currentRunbookVersion: V, readinessAtRequest: "ready", readinessNow: "ready", ...over };
}

describe("failover policy", () => {
  it("one incident commander's approval is enough", () => {
    const r = evaluateFailoverPolicy(input({ approvals: [approval("u-commander", "incident-commander")] }));
    expect(r).toMatchObject({ canExecute: true, satisfiedBy: "incident-commander", reviewRequired: false });
  });

  it("needs two distinct approvers otherwise", () => {
    const one = evaluateFailoverPolicy(input({ approvals: [approval("u-approver", "approver"), approval("u-approver", "approver", { id: "again" })] }));
    expect(one.canExecute).toBe(false);
    expect(one.blockers[0]).toMatchObject({ rule: "approvals" });
    expect(one.blockers[0].message).toMatch(/^1 of 2/);
    const two = evaluateFailoverPolicy(input({ approvals: [approval("u-approver", "approver"), approval("u-approver2", "approver")] }));
    expect(two).toMatchObject({ canExecute: true, satisfiedBy: "two-approvers" });
  });

  it("never counts the requester, even an incident commander who requested", () => {
    const r = evaluateFailoverPolicy(input({ run: { ...run, requesterId: "u-commander" }, approvals: [approval("u-commander", "incident-commander")] }));
    expect(r.canExecute).toBe(false);
    expect(r.blockers[0].message).toMatch(/1 by the requester/);
    expect(getApproveDenial(run, { id: "u-operator", role: "operator" })).toMatch(/own failover/);
    expect(getApproveDenial(run, { id: "u-viewer", role: "viewer" })).toMatch(/cannot approve/);
    expect(getApproveDenial(run, { id: "u-approver", role: "approver" })).toBeNull();
  });

  it("binds approvals to the runbook version and the target", () => {
    const r = evaluateFailoverPolicy(
      input({ approvals: [approval("u-commander", "incident-commander", { runbookVersion: "b".repeat(64) }), approval("u-approver", "approver", { target: "eu-west-1" })] }),
    );
    expect(r.canExecute).toBe(false);
    expect(r.blockers[0].message).toMatch(/1 for another runbook version, 1 for another target region/);
    // The runbook edited after the request: the run itself is stale.
    const edited = evaluateFailoverPolicy(input({ currentRunbookVersion: "c".repeat(64), approvals: [approval("u-commander", "incident-commander")] }));
    expect(edited.blockers.map((b) => b.rule)).toEqual(["runbook-changed", "approvals"]);
  });

  it("voids approvals when readiness drops to not-ready before execution", () => {
    const approvals = [approval("u-commander", "incident-commander")];
    const r = evaluateFailoverPolicy(input({ approvals, readinessNow: "not-ready" }));
    expect(r.canExecute).toBe(false);
    expect(r.blockers[0].rule).toBe("readiness-dropped");
    expect(r.invalidate.map((a) => a.id)).toEqual(["ap-u-commander"]);
    // Requested while already not-ready (the outage): the approvers knew; approvals stand.
    const known = evaluateFailoverPolicy(input({ approvals, readinessAtRequest: "not-ready", readinessNow: "not-ready" }));
    expect(known).toMatchObject({ canExecute: true, invalidate: [] });
    // Already invalidated rows do not count and are not invalidated twice.
    const old = evaluateFailoverPolicy(input({ approvals: [approval("u-commander", "incident-commander", { invalidatedAt: new Date() })], readinessNow: "not-ready" }));
    expect(old.invalidate).toEqual([]);
  });

  it("break-glass: an incident commander runs with no second approval, with a reason, flagged for review", () => {
    const approvals = [approval("u-approver", "approver")];
    const ok = evaluateFailoverPolicy(input({ approvals, breakGlass: { actorId: "u-commander", role: "incident-commander", reason: "eu-west-1 is down and the second approver is asleep" } }));
    expect(ok).toMatchObject({ canExecute: true, satisfiedBy: "break-glass", reviewRequired: true });
    // Works on the commander's own request, with no approvals at all.
    const alone = evaluateFailoverPolicy(input({ run: { ...run, requesterId: "u-commander" }, breakGlass: { actorId: "u-commander", role: "incident-commander", reason: "3 a.m., region gone, nobody else up" } }));
    expect(alone.canExecute).toBe(true);
    const noReason = evaluateFailoverPolicy(input({ approvals, breakGlass: { actorId: "u-commander", role: "incident-commander", reason: "  now " } }));
    expect(noReason.canExecute).toBe(false);
    expect(noReason.blockers[0]).toMatchObject({ rule: "break-glass" });
    const operator = evaluateFailoverPolicy(input({ breakGlass: { actorId: "u-operator2", role: "operator", reason: "I really want to fail over now" } }));
    expect(operator.blockers[0].message).toMatch(/incident commanders/);
    // Enough approvals: break-glass is not needed and the run is not flagged.
    const normal = evaluateFailoverPolicy(input({ approvals: [approval("u-commander2", "incident-commander")], breakGlass: { actorId: "u-commander", role: "incident-commander", reason: "redundant but harmless" } }));
    expect(normal).toMatchObject({ satisfiedBy: "incident-commander", reviewRequired: false });
  });

  it("refuses runs that are not waiting to execute", () => {
    const r = evaluateFailoverPolicy(input({ run: { ...run, state: "running" }, approvals: [approval("u-commander", "incident-commander")] }));
    expect(r.blockers).toEqual([expect.objectContaining({ rule: "state" })]);
  });
});
