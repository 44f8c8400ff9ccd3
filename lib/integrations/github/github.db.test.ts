import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { applyChange } from "@/lib/changes/apply-change";
import { planChange } from "@/lib/changes/plan-change";
import { getChangeDetail } from "@/lib/changes/queries";
import { reviewChange } from "@/lib/changes/review-change";
import { uploadChange } from "@/lib/changes/upload-change";
import { getTerraformClient, getWorkspace, syncWorkDir } from "@/lib/changes/workspaces";
import { getConfig, setConfigForProcess } from "@/lib/config/store";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError } from "@/lib/http/errors";
import { signGithubPayload } from "@/lib/sources/github";
import { actor, people, startChangesSandbox, type ChangesSandbox } from "@/tests/support/changes";
import { makeAppKey, startGithubServer } from "@/tests/support/github-server";
import { startTestWorker, waitForApplyEnd } from "@/tests/support/jobs";
import { describeWithTool } from "@/tests/support/require-tool";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getGithubHealth, listChangeChecks } from "./queries";
import { GITHUB_SUMMARY_LIMIT } from "./render-check";
import { resetGithubClientsForTests, sweepGithubChecks } from "./sync-check";

// The SLO gate is another domain's; here it is driven by a flag so the check can follow it.
const gate = vi.hoisted(() => ({ blockedRegion: null as string | null }));
vi.mock("@/lib/slos/queries", () => ({
  getChangeGate: async (scope: { regions?: string[] }) =>
    gate.blockedRegion !== null && (scope.regions ?? []).includes(gate.blockedRegion)
      ? { blocked: true, reasons: [{ slo: "api-availability", service: "leaderboard-api", region: gate.blockedRegion, kind: "page-burn", detail: `leaderboard-api availability in ${gate.blockedRegion} burns 14.4× over 1h` }], unknown: [] }
      : { blocked: false, reasons: [], unknown: [] },
}));
// The webhook route authenticates by signature; the session reader is never asked.
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => null, getSessionActor: async () => null }));

const MAIN = (rev = "1") => `
resource "terraform_data" "api" {
  input = { service = "leaderboard-api", revision = "${rev}" }
}
resource "terraform_data" "edge" {
  input = "edge-${rev}"
}
resource "terraform_data" "cache" {
  input = { nodes = 2 }
}
`;

const APP_ID = 424242;
const SECRET = "whsec-test-0123456789";
const key = makeAppKey();
const sha = (c: string) => c.repeat(40).slice(0, 40);
const ciBot = actor("ci-bot", "operator", { via: "token" });

describeWithTool("GitHub check runs", hasTerraform() ? null : NO_TERRAFORM_REASON, () => {
  let database: TestDatabase;
  let sandbox: ChangesSandbox;
  let github: Awaited<ReturnType<typeof startGithubServer>>;
  let worker: { stop: () => Promise<void> };
  let POST: (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

  function configure(timeoutMs = 1_000) {
    setConfigForProcess({ ...getConfig(), integrations: { github: { appId: "env:GH_TEST_APP_ID", privateKey: "env:GH_TEST_PRIVATE_KEY", webhookSecret: "env:GH_TEST_WEBHOOK_SECRET", baseUrl: github.url, requestTimeoutMs: timeoutMs } } });
  }

  async function addWorkspace(name: string, tf = MAIN()) {
    await sandbox.addWorkspace(name, tf);
    configure();
  }

  /** CI's side: terraform plan and show -json in a checkout, then the multipart upload with prUrl and commitSha. */
  async function ciUpload(workspace: string, commitSha: string, prUrl: string) {
    const ws = getWorkspace(workspace);
    await syncWorkDir(ws);
    const tf = getTerraformClient(ws);
    await tf.init();
    await tf.plan("plans/ci.tfplan");
    const json = await tf.showJson("plans/ci.tfplan");
    const bytes = await readFile(`${tf.dir}/plans/ci.tfplan`);
    const form = new FormData();
    for (const [k, v] of Object.entries({ workspace, commitSha, prUrl, planJson: json })) form.append(k, v);
    form.append("plan", new Blob([new Uint8Array(bytes)]));
    return uploadChange(ciBot, new Request("http://local/api/v1/changes", { method: "POST", body: form }));
  }

  const runNamed = (commit: string, name: string) => github.runsOn(commit).find((r) => r.name === name);
  const lastBody = (commit: string, name: string) => runNamed(commit, name)?.bodies.at(-1) as { status?: string; conclusion?: string; output: { title: string; summary: string } } | undefined;

  async function deliver(event: string, payload: unknown, opts: { delivery?: string; signature?: string | null } = {}) {
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": opts.delivery ?? crypto.randomUUID() };
    const signature = opts.signature === undefined ? await signGithubPayload(SECRET, raw) : opts.signature;
    if (signature) headers["x-hub-signature-256"] = signature;
    return POST(new Request("http://127.0.0.1/api/v1/integrations/github/webhook", { method: "POST", headers, body: raw }), { params: Promise.resolve({}) });
  }

  const pullRequest = (action: string, prNumber: number, head: string, extra: Record<string, unknown> = {}) => ({
    action,
    number: prNumber,
    pull_request: { html_url: `https://github.com/acme/infra/pull/${prNumber}`, number: prNumber, state: action === "closed" ? "closed" : "open", merged: false, head: { sha: head, ref: "feature" }, base: { ref: "main" }, ...extra },
    repository: { full_name: "acme/infra" },
    sender: { login: "octocat" },
  });

  /** The sync job's queued rows for a change (graphile-worker's public view). */
  const jobsFor = (id: string) => database.db.$queryRaw<Array<{ id: bigint; attempts: number; last_error: string | null; locked_at: Date | null }>>`SELECT id, attempts, last_error, locked_at FROM graphile_worker.jobs WHERE key = ${`github-check:change:${id}`}`;

  beforeAll(async () => {
    database = await startTestDatabase();
    github = await startGithubServer({ appId: APP_ID, publicKey: key.publicKey, installations: { "acme/infra": 77 } });
    process.env.GH_TEST_APP_ID = String(APP_ID);
    process.env.GH_TEST_PRIVATE_KEY = key.privateKeyPem;
    process.env.GH_TEST_WEBHOOK_SECRET = SECRET;
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_URL = "https://meridian.example.com";
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    resetGithubClientsForTests();
    sandbox = await startChangesSandbox();
    configure();
    worker = await startTestWorker(database.url);
    ({ POST } = (await import("@/app/api/v1/integrations/github/webhook/route")) as unknown as { POST: typeof POST });
  });
  afterAll(async () => {
    await worker?.stop();
    await github?.close();
    await database?.stop();
    delete process.env.NEXTAUTH_URL;
    resetEnvForTests();
  });

  it("a CI upload with prUrl creates one check run on that commit with terraform's counts line; the approval, the apply and a rejection update it", async () => {
    await addWorkspace("network");
    const commit = sha("a1");
    const up = await ciUpload("network", commit, "https://github.com/acme/infra/pull/7");
    expect(up.planLine).toBe("Plan: 3 to add, 0 to change, 0 to destroy.");
    await vi.waitFor(() => expect(lastBody(commit, "meridian")).toBeDefined(), { timeout: 15_000 });
    const creates = github.calls.filter((c) => c.method === "POST" && c.path === "/repos/acme/infra/check-runs");
    expect(creates.filter((c) => c.body?.name === "meridian: network")).toHaveLength(1);
    const created = creates.find((c) => c.body?.name === "meridian: network")!.body as { head_sha: string; details_url: string; external_id: string; conclusion: string; output: { title: string; summary: string } };
    expect(created).toMatchObject({ head_sha: commit, conclusion: "action_required", external_id: up.id, details_url: `https://meridian.example.com/changes/${up.id}` });
    expect(created.output.title).toBe("Waiting for approval (0 of 1 approvals): approve in Meridian");
    expect(created.output.summary).toContain("`Plan: 3 to add, 0 to change, 0 to destroy.`");
    expect(created.output.summary).toContain("**Approvals:** 0 of 1");
    expect(created.output.summary).toContain("**SLO gate:** clear");
    expect(created.output.summary).toContain("| eu-west-1 |");
    expect(lastBody(commit, "meridian")).toMatchObject({ conclusion: "action_required", output: { title: "0 of 1 workspaces applied or unchanged: review and apply in Meridian" } });
    // The installation token came from the JWT exchange; the check-run calls used it.
    expect(github.calls.some((c) => c.path === "/app/installations/77/access_tokens" && c.status === 201)).toBe(true);
    expect(github.calls.every((c) => c.status !== 422)).toBe(true);

    const detail = await getChangeDetail(up.id);
    await reviewChange(people.approver, up.id, "approve", { planSha256: detail.planSha256 });
    await vi.waitFor(() => expect(lastBody(commit, "meridian: network")).toMatchObject({ conclusion: "neutral", output: { title: "Approved (1 of 1 approvals): apply in Meridian" } }), { timeout: 15_000 });
    expect(lastBody(commit, "meridian: network")!.output.summary).toContain("**Approvals:** 1 of 1 (approver)");

    await applyChange(people.operator, up.id, { planSha256: detail.planSha256 });
    expect((await waitForApplyEnd(up.id)).state).toBe("applied");
    await vi.waitFor(() => expect(lastBody(commit, "meridian: network")).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Applied" } }), { timeout: 15_000 });
    await vi.waitFor(() => expect(lastBody(commit, "meridian")).toMatchObject({ conclusion: "success", output: { title: "All 1 workspaces applied or unchanged" } }), { timeout: 15_000 });
    // Updates PATCH the same run; one run per name on the commit.
    const run = runNamed(commit, "meridian: network")!;
    expect(github.runsOn(commit).map((r) => r.name).sort()).toEqual(["meridian", "meridian: network"]);
    expect(github.calls.filter((c) => c.method === "PATCH").every((c) => c.path.startsWith("/repos/acme/infra/check-runs/"))).toBe(true);
    expect(run.bodies.length).toBeGreaterThanOrEqual(3);
    // The change page shows both checks as last sent, linked to the run on GitHub.
    await vi.waitFor(async () => expect(await listChangeChecks(up.id)).toEqual([
      expect.objectContaining({ name: "meridian: network", conclusion: "success", url: `https://github.com/acme/infra/runs/${run.id}`, error: null }),
      expect.objectContaining({ name: "meridian", conclusion: "success", error: null }),
    ]), { timeout: 15_000 });

    // A rejection: failure, on its own commit's runs.
    await addWorkspace("dns", MAIN("2"));
    const other = sha("b2");
    const up2 = await ciUpload("dns", other, "https://github.com/acme/infra/pull/9");
    await vi.waitFor(() => expect(lastBody(other, "meridian: dns")).toBeDefined(), { timeout: 15_000 });
    await reviewChange(people.approver, up2.id, "reject", { planSha256: (await getChangeDetail(up2.id)).planSha256, comment: "not on a Friday" });
    await vi.waitFor(() => expect(lastBody(other, "meridian: dns")).toMatchObject({ conclusion: "failure", output: { title: "Rejected" } }), { timeout: 15_000 });
    expect(lastBody(other, "meridian: dns")!.output.summary).toContain("rejected by approver");
    await vi.waitFor(() => expect(lastBody(other, "meridian")).toMatchObject({ conclusion: "failure" }), { timeout: 15_000 });

    // Settings' health: the installation found, the last update.
    const health = await getGithubHealth();
    expect(health.configured).toBe(true);
    expect(health.installations).toContainEqual(expect.objectContaining({ repo: "acme/infra", installationId: 77, error: null }));
    expect(health.lastUpdate).toMatchObject({ error: null });
  });

  it("a console plan with commitSha and prUrl gets its check; the SLO gate moving without an audit event: the sweep updates the check, and sends nothing when nothing changed", async () => {
    await addWorkspace("gate", MAIN("3"));
    const commit = sha("c3");
    const up = await planChange(people.operator, { workspace: "gate", commitSha: commit, prUrl: "https://github.com/acme/infra/pull/11" });
    await vi.waitFor(() => expect(lastBody(commit, "meridian")).toBeDefined(), { timeout: 15_000 });
    const patchesBefore = runNamed(commit, "meridian: gate")!.bodies.length;
    expect(await sweepGithubChecks()).toBeGreaterThanOrEqual(1);
    await vi.waitFor(async () => expect(await jobsFor(up.id)).toHaveLength(0), { timeout: 15_000 });
    expect(runNamed(commit, "meridian: gate")!.bodies.length).toBe(patchesBefore);
    gate.blockedRegion = "eu-west-1";
    try {
      await sweepGithubChecks();
      await vi.waitFor(() => expect(lastBody(commit, "meridian: gate")).toMatchObject({ conclusion: "action_required", output: { title: "SLO gate blocked · 0 of 1 approvals: approve in Meridian" } }), { timeout: 15_000 });
      expect(lastBody(commit, "meridian: gate")!.output.summary).toContain("burns 14.4×");
    } finally {
      gate.blockedRegion = null;
    }
    await sweepGithubChecks();
    await vi.waitFor(() => expect(lastBody(commit, "meridian: gate")).toMatchObject({ output: { title: "Waiting for approval (0 of 1 approvals): approve in Meridian" } }), { timeout: 15_000 });
  });

  it("a signed synchronize supersedes the plan and voids its approvals (the old plan's apply is 409); a bad signature is 401 and audited; one delivery id is handled once", async () => {
    await addWorkspace("compute", MAIN("4"));
    const oldHead = sha("d4");
    const up = await ciUpload("compute", oldHead, "https://github.com/acme/infra/pull/12");
    const detail = await getChangeDetail(up.id);
    await reviewChange(people.approver, up.id, "approve", { planSha256: detail.planSha256 });
    await vi.waitFor(() => expect(lastBody(oldHead, "meridian: compute")).toMatchObject({ conclusion: "neutral" }), { timeout: 15_000 });

    // Unsigned, and signed with another secret: 401 problem+json, an audit row each, nothing moved.
    const unsigned = await deliver("pull_request", pullRequest("synchronize", 12, sha("e5")), { signature: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get("content-type")).toContain("application/problem+json");
    const forged = await deliver("pull_request", pullRequest("synchronize", 12, sha("e5")), { signature: await signGithubPayload("another-secret", JSON.stringify(pullRequest("synchronize", 12, sha("e5")))) });
    expect(forged.status).toBe(401);
    const refusals = await database.db.auditEvent.findMany({ where: { action: "github.webhook-refused" }, select: { outcome: true, reason: true } });
    expect(refusals).toEqual(expect.arrayContaining([{ outcome: "denied", reason: "no X-Hub-Signature-256 header" }, { outcome: "denied", reason: "signature does not match the body" }]));
    expect((await getChangeDetail(up.id)).state).toBe("approved");

    const delivery = crypto.randomUUID();
    const first = await deliver("pull_request", pullRequest("synchronize", 12, sha("e5")), { delivery });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: "handled", changes: [{ id: up.id, moved: true, state: "superseded" }] });
    const again = await deliver("pull_request", pullRequest("synchronize", 12, sha("e5")), { delivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: "replayed", changes: [] });
    expect(await database.db.auditEvent.count({ where: { action: "change.superseded", targetId: up.id } })).toBe(1);
    expect(await database.db.auditEvent.count({ where: { action: "github.webhook-handled", targetId: delivery } })).toBe(1);
    const event = await database.db.auditEvent.findFirstOrThrow({ where: { action: "change.superseded", targetId: up.id } });
    expect(event).toMatchObject({ actorId: null, actorName: "github:octocat" });

    const after = await getChangeDetail(up.id);
    expect(after.state).toBe("superseded");
    expect(after.approvals.every((a) => a.invalidated)).toBe(true);
    await expect(applyChange(people.operator, up.id, { planSha256: detail.planSha256 })).rejects.toBeInstanceOf(ConflictError);
    await vi.waitFor(() => expect(lastBody(oldHead, "meridian: compute")).toMatchObject({ conclusion: "skipped", output: { title: "Superseded by a newer push to the pull request" } }), { timeout: 15_000 });

    // Other events are acknowledged and ignored; closing the pull request cancels what is still open.
    expect((await (await deliver("ping", { zen: "Keep it logically awesome.", hook_id: 1 })).json())).toMatchObject({ outcome: "ignored" });
    await addWorkspace("storage", MAIN("5"));
    const open = await ciUpload("storage", sha("f6"), "https://github.com/acme/infra/pull/12");
    const closed = await deliver("pull_request", pullRequest("closed", 12, sha("f6")));
    expect(await closed.json()).toMatchObject({ outcome: "handled", changes: [{ id: open.id, moved: true, state: "cancelled" }] });
    expect((await getChangeDetail(open.id)).state).toBe("cancelled");
    expect((await getGithubHealth()).lastDelivery).toMatchObject({ event: "pull_request", action: "closed", outcome: "handled" });
  });

  it("GitHub answering 500 or not answering: the user's upload and approval return at once, and the update is retried until it lands", async () => {
    await addWorkspace("queue", MAIN("6"));
    const commit = sha("a7");
    github.hang(true);
    // Nothing of the upload waits on GitHub: it returns while GitHub holds every check-run call open.
    const up = await ciUpload("queue", commit, "https://github.com/acme/infra/pull/13");
    await vi.waitFor(() => expect(github.calls.some((c) => c.method === "POST" && c.path === "/repos/acme/infra/check-runs" && c.body?.head_sha === commit)).toBe(true), { timeout: 15_000 });
    // The approval too, while that call still hangs.
    const review = await reviewChange(people.approver, up.id, "approve", { planSha256: (await getChangeDetail(up.id)).planSha256 });
    expect(review.state).toBe("approved");
    // The call timed out (1 s in this config): the job failed, its error is stored in words, and it is queued again.
    await vi.waitFor(async () => expect((await jobsFor(up.id))[0]).toMatchObject({ attempts: expect.any(Number), last_error: expect.any(String), locked_at: null }), { timeout: 15_000 });
    const row = await database.db.githubCheckRun.findUniqueOrThrow({ where: { subject: `change:${up.id}` } });
    expect(row.lastError).toBe("GitHub did not answer in time; retried with backoff.");
    expect(row.checkRunId).toBeNull();
    github.hang(false);

    // Now GitHub answers 500 twice; each retry is brought forward instead of waiting out the backoff.
    github.failNext(2, 500);
    for (let i = 0; i < 3; i++) {
      const [job] = await jobsFor(up.id);
      if (!job) break;
      await database.db.$executeRaw`SELECT graphile_worker.reschedule_jobs(ARRAY[${job.id}]::bigint[], run_at => now())`;
      await vi.waitFor(async () => {
        const [j] = await jobsFor(up.id);
        expect(j === undefined || (j.attempts > job.attempts && j.locked_at === null)).toBe(true);
      }, { timeout: 15_000 });
    }
    await vi.waitFor(() => expect(lastBody(commit, "meridian: queue")).toMatchObject({ conclusion: "neutral", output: { title: "Approved (1 of 1 approvals): apply in Meridian" } }), { timeout: 15_000 });
    expect(github.calls.filter((c) => c.path === "/repos/acme/infra/check-runs" && c.status === 500).length).toBeGreaterThanOrEqual(1);
    const landed = await database.db.githubCheckRun.findUniqueOrThrow({ where: { subject: `change:${up.id}` } });
    expect(landed).toMatchObject({ lastError: null, conclusion: "neutral" });
    expect(landed.checkRunId).not.toBeNull();
    expect(lastBody(commit, "meridian: queue")!.output.summary.length).toBeLessThan(GITHUB_SUMMARY_LIMIT);
  });
});
