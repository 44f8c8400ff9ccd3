import { describe, expect, it } from "vitest";
import { getChangePhases, type PhaseInput } from "./phases";

const t = (s: number) => new Date(Date.UTC(2026, 10, 29, 9, 0, s));
const SHA = "a".repeat(64);

function change(over: Partial<PhaseInput> = {}): PhaseInput {
  return {
    state: "proposed",
    origin: "console",
    requestedByName: "operator",
    createdAt: t(12),
    planStartedAt: t(0),
    plannedAt: t(12),
    applyStartedAt: null,
    finishedAt: null,
    appliedByName: null,
    approvals: [],
    planSha256: SHA,
    ...over,
  };
}

describe("change phases", () => {
  it("waiting for approval: planned 12 s, review running with the elapsed time and no end, apply pending", () => {
    const [plan, review, apply] = getChangePhases(change(), t(40));
    expect(plan).toMatchObject({ status: "done", startedAt: t(0).toISOString(), endedAt: t(12).toISOString(), durationMs: 12_000, by: ["operator"], outcome: "planned" });
    expect(review).toMatchObject({ status: "running", startedAt: t(12).toISOString(), endedAt: null, durationMs: 28_000, outcome: null });
    expect(apply).toMatchObject({ status: "pending", startedAt: null, endedAt: null, durationMs: null });
  });

  it("approved but not applied: the review still runs, approved, and counts on", () => {
    const approvals = [{ approverName: "approver", decision: "approve", planSha256: SHA, invalidatedAt: null, createdAt: t(20) }];
    const [, review, apply] = getChangePhases(change({ state: "approved", approvals }), t(100));
    expect(review).toMatchObject({ status: "running", outcome: "approved", by: ["approver"], durationMs: 88_000, endedAt: null });
    expect(apply.status).toBe("pending");
  });

  it("applying: review ended when the apply started, by the current plan's approvers only; apply runs with who applied", () => {
    const approvals = [
      { approverName: "approver", decision: "approve", planSha256: SHA, invalidatedAt: null, createdAt: t(20) },
      { approverName: "old", decision: "approve", planSha256: "b".repeat(64), invalidatedAt: t(15), createdAt: t(14) },
    ];
    const [, review, apply] = getChangePhases(change({ state: "applying", approvals, applyStartedAt: t(30), appliedByName: "operator2" }), t(45));
    expect(review).toMatchObject({ status: "done", endedAt: t(30).toISOString(), durationMs: 18_000, by: ["approver"], outcome: "approved" });
    expect(apply).toMatchObject({ status: "running", startedAt: t(30).toISOString(), endedAt: null, durationMs: 15_000, by: ["operator2"] });
  });

  it("applied: the apply has its end and outcome; the clock no longer matters", () => {
    const c = change({ state: "applied", applyStartedAt: t(30), finishedAt: t(70), appliedByName: "operator" });
    const [, , apply] = getChangePhases(c, t(3000));
    expect(apply).toMatchObject({ status: "done", endedAt: t(70).toISOString(), durationMs: 40_000, outcome: "applied", by: ["operator"] });
  });

  it("rejected or cancelled: review ends then, apply is skipped", () => {
    const approvals = [{ approverName: "approver2", decision: "reject", planSha256: SHA, invalidatedAt: null, createdAt: t(50) }];
    const [, review, apply] = getChangePhases(change({ state: "rejected", approvals, finishedAt: t(50) }), t(99));
    expect(review).toMatchObject({ status: "done", durationMs: 38_000, by: ["approver2"], outcome: "rejected" });
    expect(apply.status).toBe("skipped");
    expect(getChangePhases(change({ state: "cancelled", finishedAt: t(20) }), t(99))[1]).toMatchObject({ outcome: "cancelled", durationMs: 8_000 });
  });

  it("planned in CI: the plan's start is unknown, so no duration is made up; old rows fall back to the request time", () => {
    const [plan] = getChangePhases(change({ origin: "ci", planStartedAt: null }), t(40));
    expect(plan).toMatchObject({ startedAt: null, durationMs: null, outcome: "uploaded from CI", endedAt: t(12).toISOString() });
    const [, review] = getChangePhases(change({ planStartedAt: null, plannedAt: null, createdAt: t(5) }), t(40));
    expect(review).toMatchObject({ startedAt: t(5).toISOString(), durationMs: 35_000 });
  });
});
