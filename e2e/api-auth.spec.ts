import { expect, test } from "./test";
import { bearer, createToken, signIn } from "./helpers";

test.describe("API authentication and input", () => {
  test("anonymous GET /api/v1/audit is 401 problem+json", async ({ request }) => {
    const res = await request.get("/api/v1/audit");
    expect(res.status()).toBe(401);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = await res.json();
    expect(body).toMatchObject({ status: 401, title: "Unauthorized" });
    expect(body.requestId).toBeTruthy();
  });

  test("a viewer's bearer token on an admin route is 403, and the denial is audited", async ({ page, request }) => {
    await signIn(page, "viewer");
    const token = await createToken(page, "viewer-script");
    const ok = await bearer(request, token, "get", "/api/v1/me");
    expect(ok.status()).toBe(200);
    expect((await ok.json()).via).toBe("token");
    const denied = await bearer(request, token, "put", "/api/v1/scenario", { scenario: "cost-spike" });
    expect(denied.status()).toBe(403);
    expect(denied.headers()["content-type"]).toContain("application/problem+json");
    await signIn(page, "admin");
    const audit = await page.request.get("/api/v1/audit?action=access.denied&actor=viewer");
    expect((await audit.json()).events.length).toBeGreaterThan(0);
  });

  test("a revoked or unknown token is 401", async ({ page, request }) => {
    await signIn(page, "operator");
    const token = await createToken(page, "short-lived");
    const list = await (await page.request.get("/api/v1/tokens")).json();
    const id = list.tokens.find((t: { name: string }) => t.name === "short-lived").id;
    expect((await page.request.delete(`/api/v1/tokens/${id}`, { data: {} })).status()).toBe(200);
    expect((await bearer(request, token, "get", "/api/v1/me")).status()).toBe(401);
    expect((await bearer(request, "mrd_not-a-real-token", "get", "/api/v1/me")).status()).toBe(401);
  });

  test("malformed JSON bodies are 400 with a message, never 500", async ({ page }) => {
    await signIn(page, "admin");
    for (const body of ["{bad", "", "[]", '{"scenario":"volcano"}', '{"scenario":"steady","extra":1}']) {
      const res = await page.request.put("/api/v1/scenario", { headers: { "content-type": "application/json" }, data: body });
      expect(res.status(), body).toBe(400);
      expect((await res.json()).detail, body).toBeTruthy();
    }
    const badQuery = await page.request.get("/api/v1/audit?limit=9999");
    expect(badQuery.status()).toBe(400);
    const unknownFilter = await page.request.get("/api/v1/audit?colour=blue");
    expect(unknownFilter.status()).toBe(400);
  });

  test("health, metrics and the OpenAPI document are served", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    // README's start: the web process serving this does not collect; its background process does.
    expect(await health.json()).toMatchObject({ database: "ok", collector: { state: "alive", by: "another process" } });
    const metrics = await (await request.get("/api/metrics")).text();
    expect(metrics).toContain("# TYPE meridian_http_request_duration_seconds histogram");
    const openapi = await (await request.get("/api/v1/openapi.json")).json();
    expect(openapi.openapi).toBe("3.1.0");
    expect(openapi.paths["/api/v1/audit"].get.parameters.map((p: { name: string }) => p.name)).toContain("limit");
  });
});

test.describe("admin", () => {
  test("switches the demo scenario, and the audit page shows it with a verified chain", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/settings");
    await page.getByRole("radio", { name: /Cost spike/ }).check();
    await page.getByRole("button", { name: "Switch scenario" }).click();
    await expect(page.getByText(/Now: Cost spike/)).toBeVisible();
    await page.goto("/audit?action=scenario.changed");
    await expect(page.getByTestId("audit-table")).toContainText("scenario.changed");
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByText(/Chain intact: \d+ events/)).toBeVisible();
    // put the fleet back for the other specs
    await page.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
  });
});

test.describe("users", () => {
  test("an admin disables a user, who can then neither sign in nor use a token, and enables them again", async ({ page, request }) => {
    await signIn(page, "approver2");
    const token = await createToken(page, "approver2-script");
    await signIn(page, "admin");
    const users = (await (await page.request.get("/api/v1/users")).json()).users as Array<{ id: string; username: string }>;
    const target = users.find((u) => u.username === "approver2")!;
    const self = users.find((u) => u.username === "admin")!;
    expect((await page.request.put(`/api/v1/users/${self.id}`, { data: { disabled: true } })).status()).toBe(409);
    expect((await page.request.put(`/api/v1/users/${target.id}`, { data: { disabled: true } })).status()).toBe(200);
    expect((await bearer(request, token, "get", "/api/v1/me")).status()).toBe(401);
    await page.context().clearCookies();
    await page.goto("/sign-in");
    await page.getByLabel("User name").fill("approver2");
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong user name or password.")).toBeVisible();
    await signIn(page, "admin");
    expect((await page.request.put(`/api/v1/users/${target.id}`, { data: { disabled: false } })).status()).toBe(200);
    expect((await bearer(request, token, "get", "/api/v1/me")).status()).toBe(200);
    // The audit log names the user as people know them, links to what they did, and keeps the raw id underneath.
    await page.goto("/audit?action=user.disabled");
    const row = page.getByTestId("audit-table").locator("tbody tr").first();
    await expect(row.getByTestId("audit-target-label")).toHaveText("Arjun Approver");
    await expect(row.getByTestId("audit-target-label").getByRole("link")).toHaveAttribute("href", "/audit?actor=approver2");
    await expect(row.getByTestId("audit-target-id")).toHaveText("user:approver2");
    const audit = await (await page.request.get("/api/v1/audit?action=user.disabled&limit=1")).json();
    expect(audit.events[0]).toMatchObject({ targetType: "user", targetId: "approver2", targetLabel: "Arjun Approver", targetHref: "/audit?actor=approver2" });
  });
});
