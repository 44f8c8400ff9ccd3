import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./helpers";

async function as(browser: Browser, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  return page;
}

test.describe.configure({ mode: "serial" });

test("API reads answer with an ETag and 304 to If-None-Match; a change gives a new ETag", async ({ browser }) => {
  const admin = await as(browser, "admin");
  for (const path of ["/api/v1/live", "/api/v1/regions", "/api/v1/failovers"]) {
    const first = await admin.request.get(path);
    expect(first.status(), path).toBe(200);
    const etag = first.headers()["etag"];
    expect(etag, path).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await admin.request.get(path, { headers: { "if-none-match": etag } });
    expect(again.status(), path).toBe(304);
    expect(await again.text(), path).toBe("");
  }
  const before = await admin.request.get("/api/v1/live");
  const etag = before.headers()["etag"];
  // Any audited action moves the data version.
  const token = await admin.request.post("/api/v1/tokens", { data: { name: "etag-probe", expiresInDays: 1 } });
  expect(token.status()).toBe(201);
  const after = await admin.request.get("/api/v1/live", { headers: { "if-none-match": etag } });
  expect(after.status()).toBe(200);
  expect(after.headers()["etag"]).not.toBe(etag);
  expect((await after.json()).auditSeq).toBeGreaterThan((await before.json()).auditSeq);
});

test("an open overview shows a scenario switch without a reload", async ({ browser }) => {
  const commander = await as(browser, "commander");
  const admin = await as(browser, "admin");
  await commander.goto("/");
  await expect(commander.getByTestId("live-indicator")).toHaveText(/live/);
  await expect(commander.getByText("Demo scenario: Steady", { exact: true })).toBeVisible();
  // A mark in the page's memory: a reload would wipe it, an in-place refresh keeps it.
  await commander.evaluate(() => ((window as unknown as { liveMark: number }).liveMark = 42));
  try {
    expect((await admin.request.put("/api/v1/scenario", { data: { scenario: "eu-west-1-degraded" } })).status()).toBe(200);
    await expect(commander.getByText("Demo scenario: eu-west-1 degraded", { exact: true })).toBeVisible({ timeout: 15_000 });
  } finally {
    await admin.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
  }
  await expect(commander.getByText("Demo scenario: Steady", { exact: true })).toBeVisible({ timeout: 15_000 });
  expect(await commander.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(42);
});
