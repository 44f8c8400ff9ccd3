import { expect, test, type Browser, type Page } from "./test";
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
    // A collection attempt between the two reads moves /api/v1/live's version: then the second read
    // must be a 200 with a new ETag, and the pair is tried again (never a 200 with the ETag that was sent).
    let notModified = false;
    for (let attempt = 0; attempt < 10 && !notModified; attempt++) {
      const first = await admin.request.get(path);
      expect(first.status(), path).toBe(200);
      const etag = first.headers()["etag"];
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await admin.request.get(path, { headers: { "if-none-match": etag } });
      if (again.status() === 304) {
        expect(await again.text(), path).toBe("");
        notModified = true;
      } else {
        expect(again.status(), path).toBe(200);
        expect(again.headers()["etag"], path).not.toBe(etag);
      }
    }
    expect(notModified, path).toBe(true);
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

// A browser's document load (the router's own requests for "/" are never shared).
const DOCUMENT = { headers: { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" } };

test("the overview is rendered once for a crowd of one role and replayed, each person still named, a disabled one refused at once", async ({ browser }) => {
  const operator = await as(browser, "operator");
  const operator2 = await as(browser, "operator2");
  const viewer = await as(browser, "viewer");
  const admin = await as(browser, "admin");
  // Two people of one role within PAGE_CACHE_MS: one render, the same bytes for both (unless the
  // data version moved between the two requests, which gives a new render: then ask again).
  let first = await operator.request.get("/", DOCUMENT);
  let second = await operator2.request.get("/", DOCUMENT);
  for (let i = 0; i < 3 && second.headers()["x-meridian-page-cache"] !== "hit"; i++) {
    first = await operator.request.get("/", DOCUMENT);
    second = await operator2.request.get("/", DOCUMENT);
  }
  expect(first.status()).toBe(200);
  expect(second.headers()["x-meridian-page-cache"]).toBe("hit");
  expect(await second.text()).toBe(await first.text());
  // Another role gets its own render: an admin's nav has Settings, a viewer's has not.
  const viewed = await viewer.request.get("/", DOCUMENT);
  const administered = await admin.request.get("/", DOCUMENT);
  expect(await viewed.text()).not.toBe(await first.text());
  expect(await administered.text()).toContain('href="/settings">Settings</a>');
  expect(await viewed.text()).not.toContain('href="/settings">Settings</a>');
  // The shared page still names whoever opened it.
  await operator2.goto("/");
  await expect(operator2.getByTestId("current-user")).toHaveText("Olivia Operator");
  await operator.goto("/");
  await expect(operator.getByTestId("current-user")).toHaveText("Omar Operator");

  // Disabled on this console: no copy for them from the next request on.
  const users = (await (await admin.request.get("/api/v1/users")).json()).users as Array<{ id: string; username: string }>;
  const target = users.find((u) => u.username === "operator2")!;
  expect((await operator.request.get("/", DOCUMENT)).status()).toBe(200);
  expect((await admin.request.put(`/api/v1/users/${target.id}`, { data: { disabled: true } })).status()).toBe(200);
  try {
    const refused = await operator2.request.get("/", { ...DOCUMENT, maxRedirects: 0 });
    expect(refused.status()).not.toBe(200);
    expect(refused.headers()["x-meridian-page-cache"]).toBeUndefined();
  } finally {
    expect((await admin.request.put(`/api/v1/users/${target.id}`, { data: { disabled: false } })).status()).toBe(200);
  }
});
