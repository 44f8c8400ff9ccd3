import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError, ForbiddenError } from "@/lib/http/errors";
import { actor, people, startChangesSandbox, type ChangesSandbox } from "@/tests/support/changes";
import { describeWithTool } from "@/tests/support/require-tool";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { planChange } from "./plan-change";
import { getChangeDetail } from "./queries";
import { claimUnlockedWorkspace } from "./record-change";
import { reviewChange } from "./review-change";

// Issue 32: the workspace-lock check belongs to the plan's own transaction (an apply may lock the
// workspace while terraform plans), and a re-plan makes its author the requester.

const MAIN = (revision = "1") => `
resource "terraform_data" "api" {
  input = { service = "leaderboard-api", revision = "${revision}" }
}
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
  resetEnvForTests();
});
afterAll(async () => {
  resetEnvForTests();
  await database?.stop();
});

describe("the plan's workspace-lock claim", () => {
  it("makes an apply that locks at the same moment wait for the plan's commit, and refuses once the lock is there", async () => {
    let holdOn!: () => void;
    const held = new Promise<void>((resolve) => (holdOn = resolve));
    let claimed!: () => void;
    const claim = new Promise<void>((resolve) => (claimed = resolve));
    const plan = database.db.$transaction(async (tx) => {
      const release = await claimUnlockedWorkspace(tx, "racing");
      claimed();
      await held; // the plan's transaction is still recording
      await release();
      return Date.now();
    });
    await claim;
    // What apply-change.ts does to lock a workspace.
    let applyDone = false;
    const apply = database.db
      .$transaction((tx) => tx.workspaceLock.createMany({ data: [{ workspace: "racing", changeId: "c-apply", holder: "test" }], skipDuplicates: true }))
      .then((r) => ((applyDone = true), { count: r.count, at: Date.now() }));
    await sleep(500);
    expect(applyDone).toBe(false); // waiting at its INSERT, behind the plan's claim
    holdOn();
    const committedAt = await plan;
    const locked = await apply;
    expect(locked.count).toBe(1); // the claim left nothing behind: the apply took the lock
    expect(locked.at).toBeGreaterThanOrEqual(committedAt);
    await expect(database.db.$transaction((tx) => claimUnlockedWorkspace(tx, "racing"))).rejects.toThrow("Workspace racing is locked by change c-apply");
    expect(await database.db.workspaceLock.findMany({ where: { workspace: "racing" } })).toEqual([expect.objectContaining({ changeId: "c-apply" })]);
  });
});

describeWithTool("planning while an apply locks the workspace, and re-plans", hasTerraform() ? null : NO_TERRAFORM_REASON, () => {
  let sandbox: ChangesSandbox;
  beforeAll(async () => {
    sandbox = await startChangesSandbox();
  });

  it("a lock taken while terraform plans refuses the plan in its transaction: nothing recorded, the refusal audited", async () => {
    await sandbox.addWorkspace("locked-meanwhile", MAIN());
    let locking: Promise<unknown> | null = null;
    // terraform init is the first spawn, after the early check passed: an apply on another replica locks now.
    // (then(): a Prisma query runs only once something waits on it.)
    const onSpawn = () => void (locking ??= database.db.workspaceLock.create({ data: { workspace: "locked-meanwhile", changeId: "c-applying", holder: "other-replica" } }).then((row) => row));
    const refused = await planChange(people.operator, { workspace: "locked-meanwhile" }, "req-locked", { onSpawn }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ message: "Workspace locked-meanwhile is locked by change c-applying: a plan now would be stale before it is reviewed.", extra: { lockedBy: "c-applying" } });
    expect(locking).not.toBeNull();
    expect(await database.db.changeRequest.count({ where: { workspace: "locked-meanwhile" } })).toBe(0);
    expect(await database.db.auditEvent.findFirst({ where: { action: "change.plan-failed", requestId: "req-locked" } })).toMatchObject({ outcome: "failure", details: expect.objectContaining({ status: 409 }) });
    expect(await database.db.workspaceLock.findMany({ where: { workspace: "locked-meanwhile" } })).toEqual([expect.objectContaining({ changeId: "c-applying" })]);
    // Unlocked again, the same plan is recorded (and the claim leaves no lock row behind).
    await database.db.workspaceLock.delete({ where: { workspace: "locked-meanwhile" } });
    const planned = await planChange(people.operator, { workspace: "locked-meanwhile" });
    expect(planned.state).toBe("proposed");
    expect(await database.db.workspaceLock.count({ where: { workspace: "locked-meanwhile" } })).toBe(0);
  });

  it("a re-plan by another operator makes them the requester: they may not approve the plan they made, the first author may", async () => {
    await sandbox.addWorkspace("replanned", MAIN(), { policy: { approvals: 1, approverRoles: ["approver", "incident-commander"], approvalTtl: 86_400_000, freezeWindows: [], sloGate: false } });
    const first = await planChange(people.operator, { workspace: "replanned" });
    const d1 = await getChangeDetail(first.id);
    expect(d1.requestedById).toBe(people.operator.id);
    // An approval of the first plan, voided by the re-plan as before.
    expect((await reviewChange(people.approver2, first.id, "approve", { planSha256: d1.planSha256 })).state).toBe("approved");

    const re = await planChange(people.operator2, { workspace: "replanned", changeId: first.id, vars: {} }, "req-replan");
    const d2 = await getChangeDetail(first.id);
    expect(d2).toMatchObject({ requestedById: people.operator2.id, requestedBy: "operator2", state: "proposed", planSha256: re.planSha256 });
    expect(d2.approvals.every((a) => !a.current)).toBe(true);
    expect(await database.db.auditEvent.findFirst({ where: { action: "change.replanned", requestId: "req-replan" } })).toMatchObject({
      actorName: "operator2",
      details: expect.objectContaining({ previousRequester: "operator", approvalsInvalidated: expect.any(Number) }),
    });

    // Both operators have since become approvers (roles change): four-eyes now holds against the re-planner.
    await expect(reviewChange(actor("operator2", "approver"), first.id, "approve", { planSha256: d2.planSha256 })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await reviewChange(actor("operator", "approver"), first.id, "approve", { planSha256: d2.planSha256 })).state).toBe("approved");
  });
});
