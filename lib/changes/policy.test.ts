import { describe, expect, it } from "vitest";
import { approvalPolicySchema } from "./config-schema";
import { canReview, evaluatePolicy, getApprovalExpiry, type PolicyApproval, type PolicyInput } from "./policy";

const NOW = new Date("2025-06-04T10:00:00Z"); // a Wednesday
const HASH = "a".repeat(64);
const OLD_HASH = "b".repeat(64);
const policy = approvalPolicySchema.parse({ approvals: 2 }); // defaults: approver|incident-commander, 24h, sloGate on
const change = { state: "proposed", requesterId: "u-req", planSha256: HASH, workspace: "blockchain-eu-west-1" };

function approval(over: Partial<PolicyApproval> = {}): PolicyApproval {
  const createdAt = over.createdAt ?? new Date(NOW.getTime() - 3_600_000);
  return {
    approverId: "u-a",
    role: "approver",
    decision: "approve",
    planSha256: HASH,
    createdAt,
    expiresAt: getApprovalExpiry(createdAt, policy),
    invalidatedAt: null,
    ...over,
  };
}

function run(over: Partial<PolicyInput> = {}) {
  return evaluatePolicy({ change, approvals: [], policy, now: NOW, sloGate: { blocked: false, reasons: [] }, override: null, ...over });
}

describe("evaluatePolicy", () => {
  it("two valid approvals from different approvers let the apply through", () => {
    const r = run({ approvals: [approval({ approverId: "u-a" }), approval({ approverId: "u-b", role: "incident-commander" })] });
    expect(r.blockers).toEqual([]);
    expect(r.canApply).toBe(true);
    expect(r.counted).toHaveLength(2);
  });

  it("the same approver twice counts once", () => {
    const r = run({ approvals: [approval(), approval()] });
    expect(r.canApply).toBe(false);
    expect(r.blockers).toHaveLength(1);
    expect(r.blockers[0]).toMatchObject({ rule: "approvals", message: "1 of 2 approvals for this plan." });
    expect(r.blockers[0].unblock).toBe(
      "1 more approval of plan aaaaaaaaaaaa from approver or incident-commander, by someone other than the requester or the approvers so far.",
    );
  });

  it("requester, wrong-role, other-plan, invalidated and expired approvals do not count, and the message says why", () => {
    const r = run({
      approvals: [
        approval({ approverId: "u-req" }),
        approval({ approverId: "u-op", role: "operator" }),
        approval({ approverId: "u-b", planSha256: OLD_HASH }),
        approval({ approverId: "u-c", invalidatedAt: new Date(NOW.getTime() - 60_000) }),
        // created 25 h ago with the 24 h TTL → expired an hour ago
        approval({ approverId: "u-d", createdAt: new Date(NOW.getTime() - 25 * 3_600_000) }),
      ],
    });
    expect(r.counted).toEqual([]);
    expect(r.blockers.map((b) => b.rule)).toEqual(["approvals"]);
    expect(r.blockers[0].message).toBe(
      "0 of 2 approvals for this plan (not counted: 1 by the requester, 1 from a role that cannot approve, 1 for an earlier plan, 1 invalidated by a new plan, 1 expired).",
    );
  });

  it("an approval expires exactly at its TTL, even if its stored expiry is later (policy shortened)", () => {
    const createdAt = new Date(NOW.getTime() - 24 * 3_600_000);
    const atTtl = approval({ approverId: "u-x", createdAt, expiresAt: new Date(NOW.getTime() + 3_600_000) });
    expect(run({ approvals: [atTtl, approval({ approverId: "u-y" })] }).counted.map((a) => a.approverId)).toEqual(["u-y"]);
  });

  it("a reject on the current plan blocks even with enough approvals; one on an older plan does not", () => {
    const enough = [approval({ approverId: "u-a" }), approval({ approverId: "u-b" })];
    const blocked = run({ approvals: [...enough, approval({ approverId: "u-c", approverName: "Carol", decision: "reject" })] });
    expect(blocked.canApply).toBe(false);
    expect(blocked.blockers).toEqual([
      { rule: "rejected", message: "Rejected by Carol.", unblock: "Address the rejection and upload a new plan; the new plan starts a fresh review." },
    ]);
    const old = run({ approvals: [...enough, approval({ approverId: "u-c", decision: "reject", planSha256: OLD_HASH })] });
    expect(old.canApply).toBe(true);
  });

  it("a change that is not open is blocked by its state", () => {
    const enough = [approval({ approverId: "u-a" }), approval({ approverId: "u-b" })];
    const r = run({ change: { ...change, state: "applying" }, approvals: enough });
    expect(r.blockers).toEqual([{ rule: "state", message: "An apply of this change is already running.", unblock: "Wait for it to finish." }]);
    expect(run({ change: { ...change, state: "applied" }, approvals: enough }).blockers[0].message).toBe("This change is applied.");
  });

  it("the SLO gate blocks, names the reasons, and only an incident commander's written override lifts it", () => {
    const enough = [approval({ approverId: "u-a" }), approval({ approverId: "u-b" })];
    const sloGate = { blocked: true, reasons: ["rpc-gateway in eu-west-1 has exhausted its error budget"] };
    const blocked = run({ approvals: enough, sloGate });
    expect(blocked.canApply).toBe(false);
    expect(blocked.blockers).toEqual([
      {
        rule: "slo-gate",
        message: "SLO gate: rpc-gateway in eu-west-1 has exhausted its error budget.",
        unblock: "Wait until the budget recovers, the page-level burn stops and the SLO data of the touched regions is current again, or an incident commander overrides with a written reason.",
      },
    ]);
    const byApprover = run({ approvals: enough, sloGate, override: { by: "Ann", role: "approver", reason: "we need this fix in now" } });
    expect(byApprover.canApply).toBe(false);
    expect(byApprover.blockers[0].message).toContain("Override not accepted: only an incident commander can override (Ann is approver).");
    const terse = run({ approvals: enough, sloGate, override: { by: "Ian", role: "incident-commander", reason: "  fix  " } });
    expect(terse.canApply).toBe(false);
    expect(terse.blockers[0].message).toContain("at least 10 characters");
    const ok = run({ approvals: enough, sloGate, override: { by: "Ian", role: "incident-commander", reason: "Rollback of the bad release that causes the burn" } });
    expect(ok).toMatchObject({ canApply: true, blockers: [], sloGateOverridden: true });
  });

  it("the override does not replace approvals", () => {
    const r = run({ sloGate: { blocked: true, reasons: ["x"] }, override: { by: "Ian", role: "incident-commander", reason: "Rollback of a bad release" } });
    expect(r.blockers.map((b) => b.rule)).toEqual(["approvals"]);
  });

  it("with the gate off in the policy, a burning region does not block", () => {
    const off = approvalPolicySchema.parse({ approvals: 1, sloGate: false });
    const r = run({ policy: off, approvals: [approval()], sloGate: { blocked: true, reasons: ["burn"] } });
    expect(r.canApply).toBe(true);
  });

  it("a freeze window in effect blocks and says when it ends", () => {
    const frozen = approvalPolicySchema.parse({ approvals: 1, freezeWindows: [{ name: "release freeze", from: "2025-06-04T00:00:00Z", to: "2025-06-05T00:00:00Z" }] });
    const r = run({ policy: frozen, approvals: [approval()] });
    expect(r.blockers).toEqual([
      { rule: "freeze-window", message: 'Freeze window "release freeze" is in effect.', unblock: "Wait until the freeze ends at 2025-06-05T00:00:00.000Z." },
    ]);
  });

  it("every blocking rule is listed at once", () => {
    const frozen = approvalPolicySchema.parse({ approvals: 1, freezeWindows: [{ name: "wed", cron: "* * * * wed" }] });
    const r = run({ policy: frozen, sloGate: { blocked: true, reasons: ["burn"] } });
    expect(r.blockers.map((b) => b.rule)).toEqual(["approvals", "freeze-window", "slo-gate"]);
  });
});

describe("canReview", () => {
  const one = approvalPolicySchema.parse({ approvals: 1 });
  const review = { decision: "approve" as const, planSha256: HASH };

  it("the requester can never approve (403), whatever their role", () => {
    expect(canReview({ id: "u-req", role: "admin" }, change, one, review, [], NOW)).toEqual({
      ok: false,
      status: 403,
      message: "The requester can never approve their own change.",
    });
  });

  it("a role outside approverRoles gets 403", () => {
    const r = canReview({ id: "u-v", role: "viewer" }, change, one, review, [], NOW);
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(r.ok ? "" : r.message).toBe("In workspace blockchain-eu-west-1 only approver, incident-commander may review changes; you are viewer.");
  });

  it("a plan hash that no longer matches gets 409", () => {
    const r = canReview({ id: "u-a", role: "approver" }, change, one, { decision: "approve", planSha256: OLD_HASH }, [], NOW);
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(r.ok ? "" : r.message).toContain("now holds plan aaaaaaaaaaaa, you reviewed bbbbbbbbbbbb");
  });

  it("a finished change cannot be reviewed, and approving twice is a conflict", () => {
    expect(canReview({ id: "u-a", role: "approver" }, { ...change, state: "applied" }, one, review, [], NOW)).toMatchObject({ ok: false, status: 409 });
    expect(canReview({ id: "u-a", role: "approver" }, change, one, review, [approval()], NOW)).toMatchObject({ ok: false, status: 409 });
    // An approval of an older plan does not stop approving the new one.
    expect(canReview({ id: "u-a", role: "approver" }, change, one, review, [approval({ planSha256: OLD_HASH })], NOW)).toEqual({ ok: true });
  });
});
