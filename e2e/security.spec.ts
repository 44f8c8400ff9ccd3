import { expect, test, type Browser, type Page } from "./test";
import { bearer, signIn } from "./helpers";

// Issue 14's findings, replayed against the built console: token scope, cross-site requests, the
// sign-in open redirect, 405/404 shapes, undecodable paths and metric labels.

const OWN = "blockchain-eu-west-1";
const OTHER = "blockchain-us-east-1";

async function as(browser: Browser, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  return page;
}

async function expectProblem(res: { status(): number; headers(): Record<string, string> }, status: number) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
}

test.describe.configure({ mode: "serial" });

test("a workspace-scoped token plans and reads its own workspace's changes and nothing else", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const operator = await as(browser, "operator");
  const missing = await operator.request.post("/api/v1/tokens", { data: { name: "ci-ghost", expiresInDays: 1, workspace: "no-such-workspace" } });
  await expectProblem(missing, 400);
  const created = await operator.request.post("/api/v1/tokens", { data: { name: "ci-scoped", expiresInDays: 1, workspace: OWN } });
  expect(created.status()).toBe(201);
  const token = (await created.json()).secret as string;

  // Everything the attacker reached: tokens, failovers, audit, costs, and any other route.
  await expectProblem(await bearer(request, token, "post", "/api/v1/tokens", { name: "escalated" }), 403);
  await expectProblem(await bearer(request, token, "delete", "/api/v1/tokens/anything"), 403);
  await expectProblem(await bearer(request, token, "post", "/api/v1/failovers", { service: "leaderboard-api", to: "us-east-1", mode: "drill" }), 403);
  await expectProblem(await bearer(request, token, "post", "/api/v1/failovers/x1/execute", {}), 403);
  await expectProblem(await bearer(request, token, "post", "/api/v1/failovers/x1/abort", {}), 403);
  await expectProblem(await bearer(request, token, "get", "/api/v1/audit"), 403);
  await expectProblem(await bearer(request, token, "get", "/api/v1/costs"), 403);
  await expectProblem(await bearer(request, token, "get", "/api/v1/me"), 403);
  await expectProblem(await bearer(request, token, "post", "/api/v1/changes/plan", { workspace: OTHER, vars: { revision: "1" } }), 403);
  await expectProblem(await bearer(request, token, "get", `/api/v1/changes?workspace=${OTHER}`), 403);

  // A change in another workspace is out of reach; one in its own is not.
  const foreign = await operator.request.post("/api/v1/changes/plan", { data: { workspace: OTHER, vars: { revision: "4242" } } });
  expect(foreign.status(), await foreign.text()).toBe(201);
  const foreignId = (await foreign.json()).id as string;
  await expectProblem(await bearer(request, token, "get", `/api/v1/changes/${foreignId}`), 403);
  await expectProblem(await bearer(request, token, "get", `/api/v1/changes/${foreignId}/log`), 403);
  await expectProblem(await bearer(request, token, "post", `/api/v1/changes/${foreignId}/cancel`, {}), 403);

  const own = await bearer(request, token, "post", "/api/v1/changes/plan", { workspace: OWN, vars: { revision: "4243" } });
  expect(own.status(), await own.text()).toBe(201);
  const ownId = (await own.json()).id as string;
  expect((await bearer(request, token, "get", `/api/v1/changes/${ownId}`)).status()).toBe(200);
  expect((await bearer(request, token, "get", `/api/v1/changes/${ownId}/log`)).status()).toBe(200);
  const listed = (await (await bearer(request, token, "get", "/api/v1/changes")).json()).changes as Array<{ id: string; workspace: string }>;
  expect(listed.map((c) => c.id)).toContain(ownId);
  expect(new Set(listed.map((c) => c.workspace))).toEqual(new Set([OWN]));

  for (const id of [foreignId, ownId]) expect((await operator.request.post(`/api/v1/changes/${id}/cancel`, { data: {} })).status()).toBe(200);

  // Every refusal is in the audit log, reads included.
  const admin = await as(browser, "admin");
  const audit = await (await admin.request.get("/api/v1/audit?action=access.denied&actor=operator&limit=100")).json();
  const scopeDenials = (audit.events as Array<{ details: { refusal?: string }; targetId: string }>).filter((e) => e.details.refusal === "token-scope");
  expect(scopeDenials.map((e) => e.targetId)).toEqual(expect.arrayContaining(["GET /api/v1/audit", "GET /api/v1/costs", "POST /api/v1/failovers"]));
});

test.describe("cross-site requests", () => {
  // No Origin injected here: the browser sends its own, as it would for an attacker's page.
  test.use({ extraHTTPHeaders: {} });

  test("a same-site page on another origin cannot make a signed-in browser create a token", async ({ browser }) => {
    const victim = await as(browser, "operator");
    const before = ((await (await victim.request.get("/api/v1/tokens")).json()).tokens as unknown[]).length;
    // Another port on the same host is the same site: the Lax session cookie goes along.
    const evil = "http://127.0.0.1:4599";
    const target = new URL("/api/v1/tokens", victim.url()).toString();
    for (const enctype of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      await victim.route(`${evil}/attack`, (route) =>
        route.fulfill({
          contentType: "text/html",
          // text/plain posts `name=value`: this one arrives as the JSON {"name":"csrf="}.
          body: `<form id="f" method="POST" action="${target}" enctype="${enctype}"><input name='{"name":"csrf' value='"}'></form><script>document.getElementById("f").submit()</script>`,
        }),
      );
      const answered = victim.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
      await victim.goto(`${evil}/attack`);
      const res = await answered;
      expect(res.status(), enctype).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      await victim.unroute(`${evil}/attack`);
    }
    // A cookie-authenticated JSON call with another site's Origin is refused the same way.
    const forged = await victim.request.post("/api/v1/tokens", { data: { name: "csrf" }, headers: { origin: evil } });
    expect(forged.status()).toBe(403);
    expect(((await (await victim.request.get("/api/v1/tokens")).json()).tokens as unknown[]).length).toBe(before);
  });

  test("the console's own pages still create and revoke tokens (the browser's Origin, JSON)", async ({ browser }) => {
    const page = await as(browser, "viewer");
    await page.goto("/account");
    await page.getByLabel("Name").fill("from-the-ui");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toHaveText(/^mrd_/);
    const row = page.getByRole("row", { name: /from-the-ui/ });
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row.getByText("revoked")).toBeVisible();
  });
});

test("sign-in sends people only to paths on this console", async ({ browser, page }) => {
  const signedIn = await as(browser, "viewer");
  for (const callback of ["/\\evil.example", "//evil.example", "https://evil.example/", "/\t/evil.example"]) {
    const res = await signedIn.request.get(`/sign-in?callbackUrl=${encodeURIComponent(callback)}`, { maxRedirects: 0 });
    expect(res.status(), callback).toBe(307);
    expect(res.headers()["location"], callback).toBe("/");
  }
  const kept = await signedIn.request.get(`/sign-in?callbackUrl=${encodeURIComponent("/changes?state=proposed")}`, { maxRedirects: 0 });
  expect(kept.headers()["location"]).toBe("/changes?state=proposed");

  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await page.getByLabel("User name").fill("viewer");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(signedIn.url()).host);
});

test("unknown API paths, missing methods and undecodable paths answer problem+json", async ({ request }) => {
  for (const path of ["/api", "/api/nope", "/api/v1/regions/eu-west-1/extra"]) await expectProblem(await request.get(path), 404);
  const notAllowed = await request.delete("/api/v1/me");
  await expectProblem(notAllowed, 405);
  expect(notAllowed.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  await expectProblem(await request.get("/api/v1/regions/%E0%A4%A"), 400);
  await expectProblem(await request.get("/api/v1/audit?actor=%00"), 400);
  const page = await request.get("/regions/%E0%A4%A");
  expect(page.status()).toBe(400);
});

test("anonymous requests to unknown paths mint no metric labels", async ({ request }) => {
  // Letters only: the old labeller kept any segment without a digit as it was.
  const marker = `zz${Math.random().toString(36).replace(/[^a-z]/g, "").slice(0, 8)}q`;
  for (const path of [`/api/v1/regions/${marker}`, `/api/v1/changes/${marker}/log`, `/api/${marker}`, `/api/v1/${marker}/deeper`]) {
    expect((await request.get(path)).status()).toBeLessThan(500);
  }
  const metrics = await (await request.get("/api/metrics")).text();
  expect(metrics).not.toContain(marker);
  expect(metrics).toContain('path="/api/v1/regions/[id]"');
});
