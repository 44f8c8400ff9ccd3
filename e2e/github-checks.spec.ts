import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./test";
import { makeAppKey, startGithubServer } from "../tests/support/github-server";
import { startConsole, type ConsoleProcess } from "./console-process";

// The change page with its pull request and check state: a second console configured with the
// GitHub App integration against a local server speaking GitHub's REST format; the sync job runs in
// that console's worker. The screenshot goes to docs/screenshots/change-github-check.png.

const APP_ID = 515151;
const key = makeAppKey();
let github: Awaited<ReturnType<typeof startGithubServer>>;
let console_: ConsoleProcess;
let configDir: string;

test.describe.configure({ mode: "serial" });
// Requests go to the second console's port; the suite's Origin names the main console.
test.use({ extraHTTPHeaders: {} });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  github = await startGithubServer({ appId: APP_ID, publicKey: key.publicKey, installations: { "acme/infra": 31 } });
  const demo = readFileSync(path.join(__dirname, "..", "config", "demo.yaml"), "utf8");
  configDir = mkdtempSync(path.join(tmpdir(), "meridian-github-e2e-"));
  const file = path.join(configDir, "meridian.yaml");
  writeFileSync(file, `${demo}\nintegrations:\n  github:\n    appId: env:E2E_GH_APP_ID\n    privateKey: env:E2E_GH_PRIVATE_KEY\n    webhookSecret: env:E2E_GH_WEBHOOK_SECRET\n    baseUrl: "${github.url}"\n`);
  console_ = await startConsole({ MERIDIAN_CONFIG: file, E2E_GH_APP_ID: String(APP_ID), E2E_GH_PRIVATE_KEY: key.privateKeyPem, E2E_GH_WEBHOOK_SECRET: "e2e-webhook-secret", MERIDIAN_COLLECTOR: "on" }, 120_000);
});

test.afterAll(async () => {
  await console_?.stop();
  await github?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

async function signIn(page: import("@playwright/test").Page, username: string) {
  await page.context().clearCookies();
  await page.goto(`${console_.url}/sign-in`);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

test("a plan for a pull request: the change page shows the pull request and its check state as GitHub got it", async ({ page }) => {
  test.setTimeout(120_000);
  const commitSha = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
  const prUrl = "https://github.com/acme/infra/pull/128";
  await signIn(page, "operator");
  const res = await page.request.post(`${console_.url}/api/v1/changes/plan`, { data: { workspace: "blockchain-us-east-1", vars: { revision: "7" }, commitSha, prUrl }, headers: { origin: console_.url } });
  expect(res.status(), await res.text()).toBe(201);
  const change = (await res.json()) as { id: string; planSha256: string };

  await signIn(page, "approver");
  const approved = await page.request.post(`${console_.url}/api/v1/changes/${change.id}/approve`, { data: { planSha256: change.planSha256, comment: "LGTM" }, headers: { origin: console_.url } });
  expect(approved.status(), await approved.text()).toBe(200);
  // The worker's job lands both check runs on the commit.
  // "Approved (1 of 1 approvals): apply in Meridian", or "Approved · SLO gate blocks the apply" when the demo's gate blocks.
  await expect.poll(() => String(github.runsOn(commitSha).find((r) => r.name === "meridian: blockchain-us-east-1")?.output.title ?? ""), { timeout: 30_000 }).toMatch(/^Approved/);
  await expect.poll(() => github.runsOn(commitSha).find((r) => r.name === "meridian")?.conclusion ?? null, { timeout: 30_000 }).toBe("action_required");
  const run = github.runsOn(commitSha).find((r) => r.name === "meridian: blockchain-us-east-1")!;
  expect(String(run.output.summary)).toContain("**Approvals:** 1 of 1 (approver)");

  await page.goto(`${console_.url}/changes/${change.id}`);
  const pr = page.getByTestId("pull-request");
  await expect(pr.getByRole("link", { name: prUrl })).toBeVisible();
  await expect(pr).toContainText(commitSha);
  const checks = page.getByTestId("github-checks");
  await expect(checks).toContainText("meridian: blockchain-us-east-1");
  await expect(checks).toContainText(String(run.conclusion).replace("_", " "));
  await expect(checks).toContainText("action required");
  await expect(checks.getByRole("link", { name: "on GitHub" }).first()).toHaveAttribute("href", `https://github.com/acme/infra/runs/${run.id}`);
  await page.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "change-github-check.png"), fullPage: false, animations: "disabled" });

  // Settings shows the installation and the last update.
  await signIn(page, "admin");
  await page.goto(`${console_.url}/settings`);
  const health = page.getByTestId("github-health");
  await expect(health).toContainText("acme/infra");
  await expect(health).toContainText("installed");
});
