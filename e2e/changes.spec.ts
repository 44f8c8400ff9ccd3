import { expect, test, type Browser, type Page } from "./test";
import { bearer, signIn } from "./helpers";

// The demo's leaderboard-api bad deploy keeps leaderboard-eu-west-1 behind the SLO gate; the
// blockchain workspaces pass it in the steady scenario.
const WS = "leaderboard-eu-west-1";
const FLOW_WS = "blockchain-eu-west-1";

async function as(browser: Browser, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  return page;
}

async function planVia(page: Page, workspace: string, vars: Record<string, string>) {
  const res = await page.request.post("/api/v1/changes/plan", { data: { workspace, vars } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; planSha256: string; planLine: string };
}

test.describe.configure({ mode: "serial" });

test("API: who may review and apply, bound to the plan hash", async ({ browser }) => {
  const operator = await as(browser, "operator");
  const c = await planVia(operator, "blockchain-us-east-1", { revision: "101" });
  expect(c.planLine).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);

  const self = await operator.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } });
  // No demo role may both request and approve, so the role check answers first; the requester rule
  // itself (for roles that may do both) is covered in lib/changes/changes.db.test.ts.
  expect(self.status()).toBe(403);

  const viewer = await as(browser, "viewer");
  expect((await viewer.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } })).status()).toBe(403);

  const approver = await as(browser, "approver");
  expect((await approver.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: "a".repeat(64) } })).status()).toBe(409);
  expect((await operator.request.post(`/api/v1/changes/${c.id}/apply`, { data: { planSha256: c.planSha256 } })).status()).toBe(409);

  // Bad input: not multipart, unknown workspace, a token scoped to another workspace. A browser
  // session must send the upload as multipart (the cross-site rule answers 403); a token gets 400.
  expect((await operator.request.post("/api/v1/changes", { data: { workspace: WS } })).status()).toBe(403);
  expect((await operator.request.post("/api/v1/changes/plan", { data: { workspace: "no-such-workspace" } })).status()).toBe(404);
  const tok = await operator.request.post("/api/v1/tokens", { data: { name: "ci", expiresInDays: 1, workspace: "blockchain-eu-west-1" } });
  const secret = (await tok.json()).secret as string;
  expect((await bearer(operator.request, secret, "post", "/api/v1/changes", { workspace: "blockchain-eu-west-1" })).status()).toBe(400);
  const scoped = await operator.request.post("/api/v1/changes", {
    headers: { authorization: `Bearer ${secret}` },
    multipart: { workspace: WS, commitSha: "abcdef1", plan: { name: "p.tfplan", mimeType: "application/octet-stream", buffer: Buffer.from("PK\u0003\u0004xx") }, planJson: "{}" },
  });
  expect(scoped.status()).toBe(403);
  expect((await bearer(operator.request, "mrd_not-a-real-token", "get", "/api/v1/changes")).status()).toBe(401);

  const list = await operator.request.get("/api/v1/changes?state=proposed");
  expect((await list.json()).changes.map((x: { id: string }) => x.id)).toContain(c.id);
  const cancel = await operator.request.post(`/api/v1/changes/${c.id}/cancel`, { data: {} });
  expect(cancel.status()).toBe(200);
});

test("operator plans, approver approves, operator applies and watches the log; the audit page shows every step", async ({ browser }) => {
  const operator = await as(browser, "operator");
  await operator.goto("/changes");
  await operator.locator("#plan-workspace").selectOption(FLOW_WS);
  await operator.locator("#plan-vars").fill("revision=7");
  await operator.getByRole("form", { name: "Plan a change" }).getByRole("button", { name: "Plan", exact: true }).click();
  await expect(operator).toHaveURL(/\/changes\/[a-z0-9]+$/, { timeout: 30_000 });
  await expect(operator.getByTestId("plan-line")).toHaveText(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  await expect(operator.getByText("stateful", { exact: true }).first()).toBeVisible();
  const url = operator.url();
  const sha = (await operator.getByTestId("plan-sha").textContent())?.trim() ?? "";
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  // The run so far: planned with a duration, waiting for approval and counting, nothing applied.
  await expect(operator.getByTestId("phase-plan-duration")).toHaveText(/^Planned \d+ (ms|s)\b/);
  await expect(operator.getByTestId("phase-review")).toHaveAttribute("data-status", "running");
  await expect(operator.getByTestId("phase-review-duration")).toContainText("Waiting for approval for");
  await expect(operator.getByTestId("phase-apply-duration")).toHaveText("Not started");
  // The active region's production workspace needs two approvers.
  await expect(operator.getByTestId("blockers")).toContainText("0 of 2 approvals");
  // The requester is told what happens next, not that they are reviewing their own plan.
  await expect(operator.getByTestId("review-status")).toContainText("You requested this change");
  await expect(operator.getByTestId("review-status")).not.toContainText("You are reviewing");

  const approver = await as(browser, "approver");
  await approver.goto(url);
  await expect(approver.getByTestId("plan-sha")).toHaveText(sha);
  // The approver reads the plan as terraform prints it, beside the structured diff, on a phone too.
  const address = (await approver.getByTestId("resource-address").first().textContent()) ?? "";
  expect(address).not.toBe("");
  await approver.setViewportSize({ width: 390, height: 844 });
  await approver.getByTestId("plan-text-panel").locator("summary").click();
  const planText = approver.getByTestId("plan-text");
  await expect(planText).toBeVisible();
  await expect(planText).toContainText(`# ${address} `);
  await expect(planText).toContainText(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  const widths = await approver.evaluate(() => {
    const pre = document.querySelector<HTMLElement>('[data-testid="plan-text"]')!;
    return { page: document.scrollingElement!.scrollWidth, inner: window.innerWidth, pre: pre.scrollWidth, box: pre.clientWidth };
  });
  // Long lines scroll inside the box; the page itself never scrolls sideways.
  expect(widths.page).toBeLessThanOrEqual(widths.inner + 1);
  expect(widths.pre).toBeGreaterThan(widths.box);
  await approver.setViewportSize({ width: 1280, height: 720 });
  await approver.getByRole("textbox", { name: "Comment" }).fill("Looks right");
  await expect(approver.getByTestId("review-status")).toContainText("You are reviewing plan");
  await approver.getByRole("button", { name: "Approve this plan" }).click();
  await expect(approver.getByTestId("blockers")).toContainText("1 of 2 approvals");
  // Once approved, the button goes (a second click would only be refused) and the panel says so.
  await expect(approver.getByTestId("review-status")).toContainText("You approved this plan");
  await expect(approver.getByRole("button", { name: "Approve this plan" })).toHaveCount(0);

  const approver2 = await as(browser, "approver2");
  await approver2.goto(url);
  await approver2.getByRole("button", { name: "Approve this plan" }).click();
  await expect(approver2.getByText("Nothing blocks this plan.")).toBeVisible();

  await operator.reload();
  await operator.getByRole("button", { name: "Apply this plan" }).click();
  await expect(operator.getByTestId("apply-log")).toContainText("Apply complete!", { timeout: 30_000 });
  await expect(operator.getByTestId("apply-progress")).toHaveText(/(\d+) of \1 resource operations complete/);
  await expect(operator.getByTestId("change-state")).toHaveText("applied");
  // A clean end state: the policy card names it and who applied, no red "blocked".
  await operator.reload();
  await expect(operator.getByTestId("policy-end")).toContainText("Applied by");
  await expect(operator.getByTestId("phase-review-duration")).toHaveText(/^Approved after \d+ (ms|s|min) · approved by approver, approver2$/);
  await expect(operator.getByTestId("phase-apply-duration")).toHaveText(/^Applied \d+ (ms|s|min) · applied by operator$/);
  await expect(operator.getByTestId("phase-apply")).toContainText(" UTC → ");
  await expect(operator.getByTestId("apply-log")).toContainText("Apply complete!");
  await expect(operator.getByTestId("policy")).not.toContainText("blocked");

  const id = url.split("/").pop() ?? "";
  const admin = await as(browser, "admin");
  await admin.goto(`/audit?targetType=change&targetId=${id}`);
  const table = admin.getByTestId("audit-table");
  for (const action of ["change.requested", "change.approved", "change.apply-started", "change.applied"]) {
    await expect(table.getByText(action, { exact: true }).first()).toBeVisible();
  }
});

test("plan text with <script> and <img onerror> renders as text", async ({ browser }) => {
  const operator = await as(browser, "operator");
  const evil = "<img src=x onerror=alert(1)>";
  const script = "<script>alert(2)</script>";
  const c = await planVia(operator, WS, { revision: "8", feature_flags: `{ "${evil}" = "${script}" }` });
  let dialogs = 0;
  operator.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  await operator.goto(`/changes/${c.id}`);
  const address = operator.getByText(`terraform_data.feature_flag["${evil}"]`, { exact: true });
  await expect(address).toBeVisible();
  // terraform's own text of the plan carries the same strings: shown as text too.
  await operator.getByTestId("plan-text-panel").locator("summary").click();
  await expect(operator.getByTestId("plan-text")).toContainText(`# terraform_data.feature_flag["${evil}"] will be created`);
  await expect(operator.getByTestId("plan-text")).toContainText(script);
  // A short plan's diffs are open, as terraform prints them: the value is on the page without a click.
  await expect(operator.getByText(JSON.stringify(script), { exact: true }).first()).toBeVisible();
  expect(await operator.locator("img[src=x]").count()).toBe(0);
  expect(await operator.locator("script", { hasText: "alert(2)" }).count()).toBe(0);
  await operator.waitForTimeout(500);
  expect(dialogs).toBe(0);
});

test("in the eu-west-1-degraded scenario the SLO gate blocks an apply that steady lets through", async ({ browser }) => {
  const admin = await as(browser, "admin");
  const operator = await as(browser, "operator");
  const approver = await as(browser, "approver");
  const approver2 = await as(browser, "approver2");
  const c = await planVia(operator, FLOW_WS, { revision: "77" });
  expect((await approver.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } })).status()).toBe(200);
  expect((await approver2.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } })).status()).toBe(200);
  const blockers = async () => JSON.stringify((await (await operator.request.get(`/api/v1/changes/${c.id}`)).json()).policy.blockers);
  expect(await blockers()).not.toContain("slo-gate");
  try {
    expect((await admin.request.put("/api/v1/scenario", { data: { scenario: "eu-west-1-degraded" } })).status()).toBe(200);
    expect((await admin.request.post("/api/v1/collector/refresh", { data: {} })).status()).toBe(200);
    await expect.poll(blockers, { timeout: 45_000, intervals: [2_000] }).toContain("slo-gate");
    const refused = await operator.request.post(`/api/v1/changes/${c.id}/apply`, { data: { planSha256: c.planSha256 } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).detail).toContain("SLO gate");
  } finally {
    await admin.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
    await admin.request.post("/api/v1/collector/refresh", { data: {} });
  }
  await expect.poll(blockers, { timeout: 45_000, intervals: [2_000] }).not.toContain("slo-gate");
  expect((await operator.request.post(`/api/v1/changes/${c.id}/cancel`, { data: {} })).status()).toBe(200);
});

// The demo's Leaderboard API bad deploy (config/demo.yaml badDeploys) burns eu-west-1 at page level.
test("the SLO gate blocks an apply in a region burning at page level; an incident commander's override lets it through, reason audited", async ({ browser }) => {
  const admin = await as(browser, "admin");
  const operator = await as(browser, "operator");
  const c = await planVia(operator, WS, { revision: "50" });
  const commander = await as(browser, "commander");
  expect((await commander.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } })).status()).toBe(200);
  // The gate reads the SLO snapshots: wait until the collector has them.
  await expect
    .poll(async () => JSON.stringify((await (await operator.request.get(`/api/v1/changes/${c.id}`)).json()).policy.blockers), { timeout: 45_000, intervals: [2_000] })
    .toContain("slo-gate");
  const refused = await operator.request.post(`/api/v1/changes/${c.id}/apply`, { data: { planSha256: c.planSha256 } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).detail).toContain("SLO gate");
  await operator.goto(`/changes/${c.id}`);
  await expect(operator.getByTestId("blockers")).toContainText("eu-west-1");
  await expect(operator.getByRole("button", { name: "Apply this plan" })).toHaveCount(0);

  const reason = "Incident 42: this rollout is the mitigation for eu-west-1";
  await commander.goto(`/changes/${c.id}`);
  await commander.getByLabel("Override the SLO gate — written reason (audited)").fill(reason);
  await commander.getByRole("button", { name: "Override SLO gate" }).click();
  await expect(commander.getByText(`SLO gate overridden by commander: “${reason}”`)).toBeVisible();

  await operator.reload();
  await operator.getByRole("button", { name: "Apply this plan" }).click();
  await expect(operator.getByTestId("change-state")).toHaveText("applied", { timeout: 30_000 });
  await admin.goto(`/audit?targetType=change&targetId=${c.id}`);
  await expect(admin.getByTestId("audit-table").getByText("change.slo-gate-overridden", { exact: true })).toBeVisible();
  await expect(admin.getByTestId("audit-table").getByText(reason).first()).toBeVisible();
});
