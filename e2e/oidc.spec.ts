import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "./test";
import { startOidcServer, type OidcServer } from "../tests/support/oidc-server";
import { startStsServer, type StsServer } from "../tests/support/sts-server";
import { freePort, startConsole, startConsoleExpectingFailure, type ConsoleProcess } from "./console-process";

// Single sign-on end to end: a real OpenID provider (oidc-provider) and a second console started
// with OIDC_* pointing at it. The suite's own console (demo sign-in) is not involved. The console's
// configuration is the demo fleet plus two `aws` sources checked against a local STS, so the
// signed-in admin also sees Settings' credential check.

const CLIENT = { clientId: "meridian-e2e", clientSecret: "e2e-client-secret-e2e-client-secret" };
const ROLE_MAP = "sre=operator,platform=admin";

let op: OidcServer;
let sts: StsServer;
let console_: ConsoleProcess;
let configDir: string;

/** config/demo.yaml with an `aws` source whose keys STS knows, and one whose secret variable is unset. */
function writeConfig(stsUrl: string): string {
  const demo = readFileSync(path.join(__dirname, "..", "config", "demo.yaml"), "utf8");
  const line = "  - { name: demo, kind: demo, interval: 30s, timeout: 10s }\n";
  if (!demo.includes(line)) throw new Error("config/demo.yaml changed: update e2e/oidc.spec.ts");
  const aws =
    `  - { name: aws-failover, kind: aws, accessKeyId: env:E2E_AWS_KEY, secretAccessKey: env:E2E_AWS_SECRET, endpoints: { sts: "${stsUrl}" } }\n` +
    `  - { name: aws-dr, kind: aws, accessKeyId: env:E2E_AWS_KEY, secretAccessKey: env:E2E_AWS_DR_SECRET, endpoints: { sts: "${stsUrl}" } }\n`;
  configDir = mkdtempSync(path.join(tmpdir(), "meridian-oidc-e2e-"));
  const file = path.join(configDir, "meridian.yaml");
  writeFileSync(file, demo.replace(line, line + aws));
  return file;
}

test.describe.configure({ mode: "serial" });
// The suite's default Origin header names the main console; sent to this console's port, Chromium
// treats every script and stylesheet as cross-origin and blocks them.
test.use({ extraHTTPHeaders: {} });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The console's callback URL must be known to the provider before the console starts, so the port is chosen first.
  const port = await freePort();
  op = await startOidcServer({ ...CLIENT, redirectUri: `http://127.0.0.1:${port}/api/auth/callback/oidc` });
  op.accounts.set("dana", { preferred_username: "dana", email: "dana@example.com", name: "Dana Scully", groups: ["platform"] });
  op.accounts.set("erin", { preferred_username: "erin", email: "erin@example.com", name: "Erin Reyes", groups: ["sre"] });
  op.accounts.set("mo", { preferred_username: "mo", email: "mo@example.com", name: "Mo Marketing", groups: ["marketing"] });
  op.accounts.set("nik", { preferred_username: "nik", email: "nik@example.com", name: "Nik Nogroups" });
  sts = await startStsServer();
  sts.keys.set("AKIAE2EFAILOVER00001", { arn: "arn:aws:iam::123456789012:user/meridian-failover", userId: "AIDAE2E", account: "123456789012" });
  console_ = await startConsole(
    {
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_ROLE_MAP: ROLE_MAP,
      MERIDIAN_CONFIG: writeConfig(sts.url),
      E2E_AWS_KEY: "AKIAE2EFAILOVER00001",
      E2E_AWS_SECRET: "e2e-secret",
    },
    120_000,
    port,
  );
});

test.afterAll(async () => {
  await console_?.stop();
  await op?.close();
  await sts?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** Signs in through the provider's development login (any password) and its consent page. */
async function signInWithSso(page: Page, login: string) {
  await page.context().clearCookies();
  await page.goto(`${console_.url}/sign-in`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((u) => u.origin === console_.url && !u.pathname.startsWith("/api/auth"));
}

async function me(page: Page) {
  const res = await page.request.get(`${console_.url}/api/v1/me`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { id: string; username: string; displayName: string; role: string };
}

async function lastSignIn(page: Page, actor: string, outcome: "success" | "denied") {
  const res = await page.request.get(`${console_.url}/api/v1/audit?action=auth.sign-in&actor=${encodeURIComponent(actor)}&outcome=${outcome}&limit=1`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: Array<{ reason: string | null; details: Record<string, unknown> }> }).events[0];
}

test("groups in the ID token: signed in with the mapped role, userinfo not needed", async ({ page }) => {
  op.groupsIn = "id-token";
  const before = op.requests.filter((p) => p === "/me").length;
  await signInWithSso(page, "dana");
  await expect(page.getByTestId("current-user")).toHaveText("Dana Scully");
  expect(await me(page)).toMatchObject({ username: "dana", role: "admin" });
  expect(op.requests.filter((p) => p === "/me").length).toBe(before);
  expect((await lastSignIn(page, "dana", "success")).details).toMatchObject({ provider: "oidc", role: "admin", groupsFrom: "id-token", subject: `${op.issuer}|dana` });
});

test("groups only in userinfo (the conforming default): signed in after asking userinfo", async ({ page }) => {
  op.groupsIn = "userinfo";
  const before = op.requests.filter((p) => p === "/me").length;
  await signInWithSso(page, "erin");
  await expect(page.getByTestId("current-user")).toHaveText("Erin Reyes");
  expect(await me(page)).toMatchObject({ username: "erin", role: "operator" });
  expect(op.requests.filter((p) => p === "/me").length).toBeGreaterThan(before);
  expect((await lastSignIn(page, "erin", "success")).details).toMatchObject({ groupsFrom: "userinfo", groups: ["sre"] });
});

test("groups that map to no role: the sign-in page says why and the refusal is audited", async ({ page, browser }) => {
  op.groupsIn = "userinfo";
  await signInWithSso(page, "mo");
  await expect(page).toHaveURL(/\/sign-in\?error=oidc-no-role/);
  await expect(page.getByTestId("sign-in-refused")).toContainText("your groups map to no Meridian role");
  expect((await page.request.get(`${console_.url}/api/v1/me`)).status()).toBe(401);

  await signInWithSso(page, "nik");
  await expect(page).toHaveURL(/\/sign-in\?error=oidc-no-groups/);
  await expect(page.getByTestId("sign-in-refused")).toContainText("the provider sent no groups");

  // An admin reads the audit log.
  const admin = await browser.newPage();
  op.groupsIn = "id-token";
  await signInWithSso(admin, "dana");
  const mo = await lastSignIn(admin, "mo", "denied");
  expect(mo.reason).toBe("your groups map to no Meridian role (groups: marketing)");
  expect(mo.details).toMatchObject({ provider: "oidc", subject: `${op.issuer}|mo`, groups: ["marketing"], groupsFrom: "userinfo" });
  const nik = await lastSignIn(admin, "nik", "denied");
  expect(nik.reason).toBe('the provider sent no groups (no "groups" claim in the ID token or userinfo)');
  await admin.close();
});

test("the same sub with a changed email and username is the same user", async ({ page }) => {
  op.groupsIn = "id-token";
  await signInWithSso(page, "erin");
  const first = await me(page);
  op.accounts.set("erin", { preferred_username: "erin.reyes", email: "e.reyes@example.org", name: "Erin Reyes-Ortiz", groups: ["sre"] });
  await signInWithSso(page, "erin");
  await expect(page.getByTestId("current-user")).toHaveText("Erin Reyes-Ortiz");
  const second = await me(page);
  expect(second).toMatchObject({ id: first.id, username: "erin.reyes", role: "operator" });
});

test("Settings shows each aws source with its credential check: who AWS says it is, or the unset variable", async ({ page }) => {
  op.groupsIn = "id-token";
  await signInWithSso(page, "dana");
  await page.goto(`${console_.url}/settings`);
  const ok = page.getByTestId("aws-credentials-aws-failover");
  await expect(ok).toContainText("keys from E2E_AWS_KEY, E2E_AWS_SECRET");
  await expect(ok).toContainText("works");
  await expect(ok).toContainText("arn:aws:iam::123456789012:user/meridian-failover (account 123456789012)");
  const bad = page.getByTestId("aws-credentials-aws-dr");
  await expect(bad).toContainText("fails");
  await expect(bad).toContainText("E2E_AWS_DR_SECRET is not set (sources.aws-dr.secretAccessKey)");
  expect(sts.requests.some((r) => r.action === "GetCallerIdentity" && r.accessKeyId === "AKIAE2EFAILOVER00001")).toBe(true);
});

test("an unknown role in OIDC_ROLE_MAP stops the start with a clear line", async () => {
  test.setTimeout(150_000);
  const { code, output } = await startConsoleExpectingFailure({ OIDC_ISSUER: op.issuer, OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y", OIDC_ROLE_MAP: "sre=operator,bogus=root" });
  expect(code).toBe(1);
  expect(output).toContain('OIDC_ROLE_MAP: "bogus=root": unknown role "root" (roles: viewer, operator, approver, incident-commander, admin)');
});
