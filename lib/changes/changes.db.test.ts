import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { actor, people, startChangesSandbox, type ChangesSandbox } from "@/tests/support/changes";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { applyChange } from "./apply-change";
import { cancelChange } from "./cancel-change";
import { overrideSloGate } from "./override-slo-gate";
import { planChange } from "./plan-change";
import { getChangeDetail, getChangeLog, listChanges } from "./queries";
import { failStalledApplies } from "./fail-stalled-applies";
import { releaseWorkspaceLock } from "./release-workspace-lock";
import { reviewChange } from "./review-change";
import { setApplyHooksForTests } from "./run-apply";
import { uploadChange } from "./upload-change";
import { getTerraformClient, getWorkspace, syncWorkDir } from "./workspaces";
import { describeWithTool } from "@/tests/support/require-tool";
import { startTestWorker, waitForApplyEnd } from "@/tests/support/jobs";

// The SLO gate is another domain's; here it is driven by a flag so the wiring can be tested.
const gate = vi.hoisted(() => ({ blockedRegion: null as string | null, calls: [] as Array<{ regions?: string[]; services?: string[] }> }));
vi.mock("@/lib/slos/queries", () => ({
  getChangeGate: async (scope: { regions?: string[]; services?: string[] }) => {
    gate.calls.push(scope);
    const hit = gate.blockedRegion !== null && (scope.regions ?? []).includes(gate.blockedRegion);
    return hit
      ? { blocked: true, reasons: [{ slo: "api-availability", service: "leaderboard-api", region: gate.blockedRegion, kind: "page-burn", detail: `leaderboard-api availability in ${gate.blockedRegion} burns 14.4× over 1h` }], unknown: [] }
      : { blocked: false, reasons: [], unknown: [] };
  },
}));

const available = hasTerraform();

const MAIN = (opts: { revision?: string; replaceKey?: string; withCache?: boolean; output?: string } = {}) => `
variable "revision" {
  type    = string
  default = "1"
}
resource "terraform_data" "api" {
  input = { service = "leaderboard-api", revision = var.revision${opts.revision ? ` , pinned = "${opts.revision}"` : ""} }
}
resource "terraform_data" "redis_cache" {
  input            = { nodes = 2 }
  triggers_replace = ["${opts.replaceKey ?? "g1"}"]
}
${opts.withCache === false ? "" : `resource "terraform_data" "edge" {\n  input = "edge"\n}`}
output "note" {
  value = "${opts.output ?? "one"}"
}
`;

const SLOW = `
resource "terraform_data" "slow" {
  input = "x"
  provisioner "local-exec" {
    command = "echo started; sleep 30"
  }
}
`;

async function approve(id: string, who = people.approver) {
  const d = await getChangeDetail(id);
  return reviewChange(who, id, "approve", { planSha256: d.planSha256 }, "test");
}

async function applyAndWait(id: string, who = people.operator) {
  const d = await getChangeDetail(id);
  await applyChange(who, id, { planSha256: d.planSha256 }, "test");
  return waitForApplyEnd(id);
}

function multipart(fields: Record<string, string | Blob>): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request("http://local/api/v1/changes", { method: "POST", body: form });
}

describeWithTool("terraform change requests", available ? null : NO_TERRAFORM_REASON, () => {
  let database: TestDatabase;
  let sandbox: ChangesSandbox;
  let hook: Server;
  let worker: { stop: () => Promise<void> };
  const received: Array<{ text: string }> = [];

  beforeAll(async () => {
    database = await startTestDatabase();
    worker = await startTestWorker(database.url);
    sandbox = await startChangesSandbox();
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(body) as { text: string });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    process.env.MERIDIAN_WEBHOOK_URL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
  });
  afterAll(async () => {
    delete process.env.MERIDIAN_WEBHOOK_URL;
    resetEnvForTests();
    hook?.close();
    await worker?.stop();
    await database?.stop();
  });

  it("create, update, replace, destroy and output-only: stored counts equal terraform's line; apply runs the saved plan", async () => {
    await sandbox.addWorkspace("lifecycle", MAIN());
    const steps: Array<{ name: string; tf?: string; vars?: Record<string, string>; expect: string | null }> = [
      { name: "create", expect: "Plan: 3 to add, 0 to change, 0 to destroy." },
      { name: "update", vars: { revision: "2" }, expect: "Plan: 0 to add, 1 to change, 0 to destroy." },
      { name: "replace", vars: { revision: "2" }, tf: MAIN({ replaceKey: "g2" }), expect: "Plan: 1 to add, 0 to change, 1 to destroy." },
      { name: "destroy", vars: { revision: "2" }, tf: MAIN({ replaceKey: "g2", withCache: false }), expect: "Plan: 0 to add, 0 to change, 1 to destroy." },
      { name: "output", vars: { revision: "2" }, tf: MAIN({ replaceKey: "g2", withCache: false, output: "two" }), expect: null },
    ];
    for (const step of steps) {
      if (step.tf) await sandbox.writeMainTf("lifecycle", step.tf);
      const planned = await planChange(people.operator, { workspace: "lifecycle", vars: step.vars, title: step.name }, "test");
      expect(planned.terraformPlanLine, step.name).toBe(step.expect);
      const detail = await getChangeDetail(planned.id);
      // What the page shows is the stored summary: its line is terraform's line.
      expect(detail.summary.planLine, step.name).toBe(step.expect);
      expect(detail.state).toBe("proposed");
      // terraform's own text of the same plan file, line for line, beside the structured diff.
      if (step.expect) expect(detail.planText, step.name).toContain(step.expect);
      for (const r of detail.resources) expect(detail.planText, step.name).toContain(`# ${r.address} `);
      expect(detail.planText).not.toContain("\u001b[");
      expect(detail.phases.map((p) => [p.phase, p.status])).toEqual([["plan", "done"], ["review", "running"], ["apply", "pending"]]);
      if (step.name === "replace") {
        expect(detail.summary.counts.replace).toBe(1);
        expect(detail.resources.find((r) => r.address === "terraform_data.redis_cache")).toMatchObject({ action: "replace", destructive: true, stateful: expect.stringContaining("redis") });
      }
      if (step.name === "output") expect(detail.summary.outputs).toEqual([expect.objectContaining({ name: "note", action: "update" })]);
      expect((await approve(planned.id)).state).toBe("approved");
      const end = await applyAndWait(planned.id);
      expect(end, step.name).toMatchObject({ state: "applied", exitCode: 0, lockHeld: false });
      const log = await getChangeLog(planned.id, { offset: 0 });
      expect(log.done).toBe(true);
      expect(log.text).toContain("$ terraform apply");
      expect(log.text).toMatch(/Apply complete!/);
      const [plan, review, apply] = (await getChangeDetail(planned.id)).phases;
      // Plan and apply ran terraform here: real, positive durations that meet end to end.
      expect(plan.durationMs, step.name).toBeGreaterThan(0);
      expect(plan.endedAt).toBe(review.startedAt);
      expect(review).toMatchObject({ status: "done", outcome: "approved", by: ["approver"], endedAt: apply.startedAt });
      expect(apply).toMatchObject({ status: "done", outcome: "applied", by: ["operator"] });
      expect(apply.durationMs).toBeGreaterThan(0);
      expect(Date.parse(apply.endedAt ?? "")).toBe(Date.parse(apply.startedAt ?? "") + (apply.durationMs ?? NaN));
    }
    const events = await database.db.auditEvent.findMany({ where: { targetType: "change" }, select: { action: true } });
    const actions = new Set(events.map((e) => e.action));
    for (const a of ["change.requested", "change.approved", "change.apply-started", "change.applied"]) expect(actions).toContain(a);
    expect(await database.db.workspaceLock.count()).toBe(0);
  });

  it("a plan made before the state changed ends stale, never re-planned", async () => {
    await sandbox.addWorkspace("stale", MAIN());
    const first = await planChange(people.operator, { workspace: "stale" });
    const second = await planChange(people.operator, { workspace: "stale", vars: { revision: "9" } });
    await approve(first.id);
    await approve(second.id);
    expect((await applyAndWait(first.id)).state).toBe("applied");
    const end = await applyAndWait(second.id);
    expect(end).toMatchObject({ state: "stale", lockHeld: false });
    expect((await getChangeLog(second.id, { offset: 0 })).text).toContain("Saved plan is stale");
    expect((await getChangeDetail(second.id)).state).toBe("stale");
  });

  it("review rules: requester 403, viewer 403, stale hash 409, apply before approval 409, re-plan invalidates approvals", async () => {
    await sandbox.addWorkspace("rules", MAIN(), { policy: { ...getWorkspaceDefaults(), approvals: 2 } });
    const c = await planChange(people.operator, { workspace: "rules" });
    const d = await getChangeDetail(c.id);
    await expect(reviewChange(people.operator, c.id, "approve", { planSha256: d.planSha256 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reviewChange(people.viewer, c.id, "approve", { planSha256: d.planSha256 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reviewChange(people.approver, c.id, "approve", { planSha256: "0".repeat(64) })).rejects.toBeInstanceOf(ConflictError);
    expect((await approve(c.id)).state).toBe("proposed"); // 1 of 2
    await expect(applyChange(people.operator, c.id, { planSha256: d.planSha256 })).rejects.toThrow(/1 of 2 approvals/);

    // A new plan for the same request: old approvals stop counting, the old hash is refused.
    const re = await planChange(people.operator, { workspace: "rules", changeId: c.id, vars: { revision: "3" } });
    expect(re.planRevision).toBe(2);
    expect(re.planSha256).not.toBe(d.planSha256);
    // The text follows the plan bytes: the new revision's, never the old one's.
    expect(d.planText).toContain('revision = "1"');
    const replanned = await getChangeDetail(c.id);
    expect(replanned.planText).toContain('revision = "3"');
    expect(replanned.planText).not.toContain('revision = "1"');
    await expect(reviewChange(people.approver2, c.id, "approve", { planSha256: d.planSha256 })).rejects.toThrow(/plan changed/);
    const after = await getChangeDetail(c.id);
    expect(after.policy.counted).toBe(0);
    expect(after.approvals.every((a) => !a.current)).toBe(true);
    await approve(c.id, people.approver);
    expect((await approve(c.id, people.approver2)).state).toBe("approved");

    const denied = await database.db.auditEvent.count({ where: { action: "change.approve-refused", targetId: c.id } });
    expect(denied).toBe(4);
    await cancelChange(people.operator, c.id, { reason: "not needed" });
    await expect(applyChange(people.operator, c.id, { planSha256: re.planSha256 })).rejects.toBeInstanceOf(ConflictError);
  });

  it("two approvers at the same instant on a two-approval policy: approved every time, and the apply is accepted (10 rounds, pool of 10)", async () => {
    const tf = await sandbox.makeCountingTerraform();
    await sandbox.addWorkspace("pair", MAIN(), { terraform: tf.bin, policy: { ...getWorkspaceDefaults(), approvals: 2 } });
    for (let round = 0; round < 10; round++) {
      const c = await planChange(people.operator, { workspace: "pair", vars: { revision: `pair-${round}` } });
      const d = await getChangeDetail(c.id);
      const [one, two] = await Promise.all([
        reviewChange(people.approver, c.id, "approve", { planSha256: d.planSha256 }),
        reviewChange(people.approver2, c.id, "approve", { planSha256: d.planSha256 }),
      ]);
      expect([one.state, two.state].sort(), `round ${round}`).toEqual(["approved", "proposed"]);
      expect((await getChangeDetail(c.id)).state, `round ${round}`).toBe("approved");
      // The same person twice at once: one approval, one 409 (the unique index backs the check).
      const again = await Promise.allSettled([reviewChange(people.approver, c.id, "approve", { planSha256: d.planSha256 }), reviewChange(people.approver, c.id, "approve", { planSha256: d.planSha256 })]);
      expect(again.every((r) => r.status === "rejected" && r.reason instanceof ConflictError)).toBe(true);
      expect((await applyAndWait(c.id)).state, `round ${round}`).toBe("applied");
    }
    expect(await tf.count("apply")).toBe(10);
  });

  it("the detail tells a viewer whether they already reviewed the current plan, as the review command would answer", async () => {
    const tf = await sandbox.makeCountingTerraform();
    await sandbox.addWorkspace("viewer-review", MAIN(), { terraform: tf.bin, policy: { ...getWorkspaceDefaults(), approvals: 2 } });
    const c = await planChange(people.operator, { workspace: "viewer-review" });
    expect((await getChangeDetail(c.id, { viewerId: people.approver.id })).viewerReview).toBeNull();
    await approve(c.id);
    const mine = await getChangeDetail(c.id, { viewerId: people.approver.id });
    expect(mine.viewerReview).toMatchObject({ decision: "approve" });
    expect((await getChangeDetail(c.id, { viewerId: people.approver2.id })).viewerReview).toBeNull();
    expect((await getChangeDetail(c.id)).viewerReview).toBeNull();
    // The page hides "Approve this plan" on exactly this: a second click would be refused.
    await expect(reviewChange(people.approver, c.id, "approve", { planSha256: mine.planSha256 })).rejects.toBeInstanceOf(ConflictError);
  });

  it("a plan file altered in the database after approval: apply refused with 409, nothing run, refusal audited", async () => {
    const tf = await sandbox.makeCountingTerraform();
    await sandbox.addWorkspace("tampered", MAIN(), { terraform: tf.bin });
    const c = await planChange(people.operator, { workspace: "tampered" });
    await approve(c.id);
    const d = await getChangeDetail(c.id);
    await database.db.$executeRaw`UPDATE "ChangeRequest" SET "planFile" = "planFile" || decode('00', 'hex') WHERE "id" = ${c.id}`;
    await expect(applyChange(people.operator, c.id, { planSha256: d.planSha256 })).rejects.toThrow(/no longer matches the approved plan/);
    expect((await getChangeDetail(c.id)).state).toBe("approved");
    expect(await database.db.workspaceLock.count({ where: { workspace: "tampered" } })).toBe(0);
    expect(await tf.count("apply")).toBe(0);
    const refused = await database.db.auditEvent.findFirst({ where: { action: "change.apply-refused", targetId: c.id } });
    expect(refused?.reason).toContain("no longer matches");
    expect(await database.db.auditEvent.count({ where: { action: "change.apply-started", targetId: c.id } })).toBe(0);
  });

  it("20 concurrent applies: exactly one terraform apply process runs", async () => {
    const tf = await sandbox.makeCountingTerraform();
    await sandbox.addWorkspace("race", MAIN(), { terraform: tf.bin });
    const c = await planChange(people.operator, { workspace: "race" });
    await approve(c.id);
    const d = await getChangeDetail(c.id);
    const spawned: number[] = [];
    setApplyHooksForTests({ onSpawn: (pid) => spawned.push(pid) });
    try {
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => applyChange(i % 2 ? people.operator : people.operator2, c.id, { planSha256: d.planSha256 }, `race-${i}`)));
      const winners = results.filter((r) => r.status === "fulfilled");
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
      const end = await waitForApplyEnd(c.id);
      expect(end.state).toBe("applied");
    } finally {
      setApplyHooksForTests(undefined);
    }
    expect(await tf.count("apply")).toBe(1);
    expect(spawned).toHaveLength(1);
    expect(await database.db.auditEvent.count({ where: { action: "change.apply-started", targetId: c.id } })).toBe(1);
  });

  it("killed mid-apply: failed with the log so far, lock held until released, never re-run", async () => {
    await sandbox.addWorkspace("killed", SLOW);
    const c = await planChange(people.operator, { workspace: "killed" });
    await approve(c.id);
    const d = await getChangeDetail(c.id);
    // only the apply spawns: init ran at plan time
    setApplyHooksForTests({ flushMs: 50, onSpawn: (pid) => setTimeout(() => process.kill(pid, "SIGKILL"), 1500) });
    let end;
    try {
      await applyChange(people.operator, c.id, { planSha256: d.planSha256 }, "kill");
      end = await waitForApplyEnd(c.id);
    } finally {
      setApplyHooksForTests(undefined);
    }
    expect(end).toMatchObject({ state: "failed", lockHeld: true, exitCode: null });
    const log = await getChangeLog(c.id, { offset: 0 });
    expect(log.text).toContain("started");
    expect(log.text).toContain("stopped");
    expect(await database.db.workspaceLock.findUnique({ where: { workspace: "killed" } })).toMatchObject({ changeId: c.id });
    // Another change cannot plan (or apply) while the lock is held.
    await expect(planChange(people.operator, { workspace: "killed" })).rejects.toBeInstanceOf(ConflictError);
    await expect(applyChange(people.operator, c.id, { planSha256: d.planSha256 })).rejects.toBeInstanceOf(ConflictError);
    expect(await releaseWorkspaceLock(people.operator, c.id)).toMatchObject({ released: true, state: "failed" });
    expect(await database.db.workspaceLock.count({ where: { workspace: "killed" } })).toBe(0);
    expect(await database.db.auditEvent.count({ where: { action: "change.lock-released", targetId: c.id } })).toBe(1);
  });

  it("an apply whose runner stopped heartbeating is marked failed by the watchdog, lock kept; a live one is left alone", async () => {
    await sandbox.addWorkspace("crashed", MAIN());
    const c = await planChange(people.operator, { workspace: "crashed" });
    await database.db.changeRequest.update({ where: { id: c.id }, data: { state: "applying", runnerId: "dead-replica#1", heartbeatAt: new Date(Date.now() - 60_000) } });
    await database.db.changeLogChunk.create({ data: { changeId: c.id, seq: 1, text: "Creating...\n" } });
    await database.db.workspaceLock.create({ data: { workspace: "crashed", changeId: c.id, holder: "dead-replica" } });
    // A runner that beat a moment ago is alive, whichever replica it is on.
    await sandbox.addWorkspace("elsewhere", MAIN());
    const other = await planChange(people.operator, { workspace: "elsewhere" });
    await database.db.changeRequest.update({ where: { id: other.id }, data: { state: "applying", runnerId: "live-replica#2", heartbeatAt: new Date() } });
    await database.db.workspaceLock.create({ data: { workspace: "elsewhere", changeId: other.id, holder: "live-replica" } });

    expect(await failStalledApplies()).toEqual([c.id]);
    expect(await failStalledApplies()).toEqual([]);
    const after = await getChangeLog(c.id, { offset: 0 });
    expect(after.state).toBe("failed");
    expect(after.text).toMatch(/^Creating...\n[\s\S]*stopped answering/);
    expect(await database.db.workspaceLock.count({ where: { workspace: "crashed" } })).toBe(1);
    expect(await database.db.auditEvent.count({ where: { action: "change.apply-interrupted", targetId: c.id } })).toBe(1);
    expect((await getChangeDetail(other.id)).state).toBe("applying");
    // Releasing the live apply's lock is refused while its runner heartbeats; the dead one's is allowed.
    await expect(releaseWorkspaceLock(people.operator, other.id)).rejects.toThrow(/still running on live-replica/);
    expect(await releaseWorkspaceLock(people.operator, c.id)).toMatchObject({ released: true, state: "failed" });
    await database.db.changeRequest.update({ where: { id: other.id }, data: { state: "failed", heartbeatAt: null } });
    await database.db.workspaceLock.deleteMany({ where: { workspace: "elsewhere" } });
  });

  it("plan text: a sensitive value terraform itself prints (an unmarked copy) is masked; the text is that of the stored plan", async () => {
    const tf = `variable "pw" {\n  type = string\n  default = "hunter2-secret"\n  sensitive = true\n}\nvariable "rev" {\n  type = string\n  default = "1"\n}\nresource "terraform_data" "db" {\n  input = { pw = var.pw, rev = var.rev }\n}\n`;
    await sandbox.addWorkspace("secret-text", tf);
    const first = await planChange(people.operator, { workspace: "secret-text" });
    await approve(first.id);
    expect((await applyAndWait(first.id)).state).toBe("applied");
    const second = await planChange(people.operator, { workspace: "secret-text", vars: { rev: "2" } });
    // terraform_data's output echoes its input without the sensitive mark: terraform prints it in clear.
    const ws = getWorkspace("secret-text");
    const row = await database.db.changeRequest.findUniqueOrThrow({ where: { id: second.id }, select: { planFile: true, planText: true } });
    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${getTerraformClient(ws).dir}/plans/check.tfplan`, row.planFile);
    const printed = await getTerraformClient(ws).showText("plans/check.tfplan");
    expect(printed).toContain("hunter2-secret");
    const stored = (await getChangeDetail(second.id)).planText ?? "";
    expect(stored).not.toContain("hunter2-secret");
    expect(stored).toContain("(sensitive value)");
    expect(stored).toContain('~ rev = "1" -> "2"');
    // Masking aside, it is what terraform prints for the stored bytes.
    expect(stored.split("\n")).toHaveLength(printed.split("\n").length);
    expect(row.planText).toBe(stored);
  });

  it("the SLO gate blocks an apply in a burning region; an incident commander's override lets it through, reason audited", async () => {
    await sandbox.addWorkspace("gated", MAIN(), { regions: ["eu-west-1"], services: ["leaderboard-api"] });
    const c = await planChange(people.operator, { workspace: "gated" });
    await approve(c.id);
    gate.blockedRegion = "eu-west-1";
    try {
      const d = await getChangeDetail(c.id);
      expect(d.policy.blockers.map((b) => b.rule)).toEqual(["slo-gate"]);
      expect(gate.calls.at(-1)).toEqual({ regions: ["eu-west-1"], services: ["leaderboard-api"] });
      await expect(applyChange(people.operator, c.id, { planSha256: d.planSha256 })).rejects.toThrow(/SLO gate: leaderboard-api availability in eu-west-1 burns/);
      const reason = "Rolling back the bad leaderboard release is the fix for this burn";
      await overrideSloGate(people.commander, c.id, { planSha256: d.planSha256, reason });
      expect((await getChangeDetail(c.id)).policy).toMatchObject({ canApply: true, sloGateOverridden: true });
      expect((await applyAndWait(c.id)).state).toBe("applied");
      const started = await database.db.auditEvent.findFirst({ where: { action: "change.apply-started", targetId: c.id } });
      expect(started?.reason).toContain(reason);
      expect(await database.db.auditEvent.count({ where: { action: "change.slo-gate-overridden", targetId: c.id, reason } })).toBe(1);
    } finally {
      gate.blockedRegion = null;
    }
  });

  it("CI upload: a valid plan is stored redacted; bad input is a clear 4xx and stores nothing", async () => {
    await sandbox.addWorkspace("ci", `${MAIN()}\nvariable "pw" {\n  type = string\n  default = "hunter2-secret"\n  sensitive = true\n}\nresource "terraform_data" "db" {\n  input = var.pw\n}\n`);
    // CI's side: plan and show -json in its own checkout (here: the work folder the console also uses).
    const ws = getWorkspace("ci");
    await syncWorkDir(ws);
    const tf = getTerraformClient(ws);
    await tf.init();
    await tf.plan("plans/ci.tfplan");
    const json = await tf.showJson("plans/ci.tfplan");
    const { readFile } = await import("node:fs/promises");
    const planBytes = await readFile(`${tf.dir}/plans/ci.tfplan`);
    const planBlob = new Blob([new Uint8Array(planBytes)]);
    const ciToken = actor("ci-bot", "operator", { via: "token", tokenWorkspace: "ci" });
    const before = await database.db.changeRequest.count();

    await expect(uploadChange(actor("x", "operator", { via: "token", tokenWorkspace: "other" }), multipart({ workspace: "ci", commitSha: "abc1234", plan: planBlob, planJson: json }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(uploadChange(ciToken, multipart({ workspace: "nope", commitSha: "abc1234", plan: planBlob, planJson: json }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234", plan: new Blob(["not a plan"]), planJson: json }))).rejects.toThrow(/not a terraform plan file/);
    // A zip that is not a plan: terraform itself refuses it.
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]);
    await expect(uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234", plan: new Blob([zip]), planJson: json }))).rejects.toBeInstanceOf(ValidationError);
    await expect(uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234", plan: planBlob, planJson: "{}" }))).rejects.toBeInstanceOf(ValidationError);
    const other = JSON.parse(json) as { resource_changes: Array<{ change: { after: unknown } }> };
    other.resource_changes[0].change.after = { tampered: true };
    await expect(uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234", plan: planBlob, planJson: JSON.stringify(other) }))).rejects.toThrow(/does not describe the uploaded plan/);
    const big = new Blob([new Uint8Array(50_000_001)]);
    await expect(uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234", plan: big, planJson: json }))).rejects.toBeInstanceOf(PayloadTooLargeError);
    // Without a Content-Length the cap still holds while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 60; i++) c.enqueue(new Uint8Array(1_000_000));
        c.close();
      },
    });
    const streamed = new Request("http://local/api/v1/changes", { method: "POST", body: stream, headers: { "content-type": "multipart/form-data; boundary=x" }, duplex: "half" } as RequestInit);
    await expect(uploadChange(ciToken, streamed)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await database.db.changeRequest.count()).toBe(before);
    expect(await database.db.auditEvent.count({ where: { action: "change.upload-rejected" } })).toBeGreaterThanOrEqual(8);

    received.length = 0;
    const ok = await uploadChange(ciToken, multipart({ workspace: "ci", commitSha: "abc1234def", prUrl: "https://github.com/acme/infra/pull/7", plan: planBlob, planJson: json }));
    expect(ok).toMatchObject({ state: "proposed", planLine: "Plan: 4 to add, 0 to change, 0 to destroy." });
    const row = await database.db.changeRequest.findUniqueOrThrow({ where: { id: ok.id } });
    expect(row.origin).toBe("ci");
    expect(JSON.stringify(row.planJson)).not.toContain("hunter2-secret");
    expect(JSON.stringify(row.summary)).not.toContain("hunter2-secret");
    expect(row.planText).toContain("# terraform_data.db will be created");
    expect(row.planText).not.toContain("hunter2-secret");
    // Planned in CI: when it started is not known, so the page shows no made-up duration.
    expect((await getChangeDetail(ok.id)).phases[0]).toMatchObject({ startedAt: null, durationMs: null, outcome: "uploaded from CI" });
    expect(Buffer.from(row.planFile).equals(planBytes)).toBe(true);
    // The webhook heard about it (fire and forget, so wait for it).
    await vi.waitFor(() => expect(received.map((r) => r.text)).toContainEqual(expect.stringContaining("needs approval")), { timeout: 5000 });
    expect((await listChanges({ limit: 100, state: "proposed", workspace: "ci" })).map((c) => c.id)).toEqual([ok.id]);
  });
});

function getWorkspaceDefaults() {
  return { approvals: 1, approverRoles: ["approver", "incident-commander"] as Array<"approver" | "incident-commander">, approvalTtl: 86_400_000, freezeWindows: [], sloGate: true };
}
