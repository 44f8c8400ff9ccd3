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

// Issue 27: an open live page refreshes itself with the router's own RSC request when the data version
// moves, so a crowd of open pages asks at once. Every way of asking for a live page is answered from
// one copy per role and data version: the router's refresh, a document load, a script without Accept.
const LIVE_PAGES = ["/", "/regions", "/replication", "/slos"];

type Answer = { status: number; cache: string | undefined; type: string; body: string };

/** An audited action: the data version moves, so the next requests find no copy made before. */
async function moveVersion(admin: Page) {
  expect((await admin.request.post("/api/v1/tokens", { data: { name: "version-probe", expiresInDays: 1 } })).status()).toBe(201);
}

/** A request with exactly these headers (no Accept unless given), as curl or a script sends it. */
async function rawGet(page: Page, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const base = new URL(test.info().project.use.baseURL!);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, cache: res.headers["x-meridian-page-cache"] as string | undefined, type: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The router's refresh of `path` as an open page makes it when the version moves (its state tree and cache-buster). */
async function captureRefresh(page: Page, admin: Page, path: string): Promise<{ url: string; headers: Record<string, string> }> {
  await page.goto(path);
  await expect(page.getByTestId("live-indicator")).toHaveText(/live/);
  const refresh = page.waitForRequest((r) => r.headers()["rsc"] === "1" && new URL(r.url()).pathname === path && !r.headers()["next-router-prefetch"], { timeout: 20_000 });
  await moveVersion(admin);
  const r = await refresh;
  // Closed, so its own next refreshes make no copy the test does not count.
  await page.goto("about:blank");
  const url = new URL(r.url());
  return { url: url.pathname + url.search, headers: { rsc: "1", "next-router-state-tree": r.headers()["next-router-state-tree"] } };
}

/**
 * Two people of one role asking at once at one data version: exactly one render (the request that ran
 * it says miss, the other waited for it: hit) and the very same bytes. A collection may move the
 * version between the two (both miss): then the pair is asked again at a new version.
 */
async function expectOneRender(admin: Page, ask: () => Promise<[Answer, Answer]>, what: string): Promise<Answer> {
  let last: [Answer, Answer] | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    await moveVersion(admin);
    last = await ask();
    for (const a of last) expect(a.status, what).toBe(200);
    if ([last[0].cache, last[1].cache].sort().join() === "hit,miss") {
      expect(last[1].body, what).toBe(last[0].body);
      return last[0];
    }
  }
  throw new Error(`${what}: never one render for two people at one version (page cache said ${last?.map((a) => a.cache).join(", ")})`);
}

test("a live refresh, a document load and a request without Accept of each live page are rendered once per role and data version", async ({ browser }) => {
  test.setTimeout(180_000);
  const operator = await as(browser, "operator");
  const operator2 = await as(browser, "operator2");
  const viewer = await as(browser, "viewer");
  const admin = await as(browser, "admin");
  const browserPage = await as(browser, "operator");
  for (const path of LIVE_PAGES) {
    const refresh = await captureRefresh(browserPage, admin, path);
    const rsc = await expectOneRender(admin, () => Promise.all([rawGet(operator, refresh.url, refresh.headers), rawGet(operator2, refresh.url, refresh.headers)]), `${path}: live refresh`);
    expect(rsc.type, path).toMatch(/^text\/x-component/);
    const html = await expectOneRender(admin, () => Promise.all([rawGet(operator, path, DOCUMENT.headers), rawGet(operator2, path, DOCUMENT.headers)]), `${path}: document load`);
    expect(html.type, path).toMatch(/^text\/html/);
    const bare = await expectOneRender(admin, () => Promise.all([rawGet(operator, path), rawGet(operator2, path)]), `${path}: no Accept header`);
    expect(bare.type, path).toMatch(/^text\/html/);
  }

  // A role's copy is its own: the admin's refresh has Settings in its nav, a viewer's has not.
  const refresh = await captureRefresh(browserPage, admin, "/");
  const [administered, viewed, operated] = await Promise.all([rawGet(admin, refresh.url, refresh.headers), rawGet(viewer, refresh.url, refresh.headers), rawGet(operator, refresh.url, refresh.headers)]);
  const settings = '"href":"/settings","label":"Settings"';
  expect(administered.body).toContain(settings);
  expect(viewed.body).not.toContain(settings);
  expect(viewed.body).not.toBe(operated.body);

  // Disabled on this console: no copy for them from the next request on, whatever the shape.
  const users = (await (await admin.request.get("/api/v1/users")).json()).users as Array<{ id: string; username: string }>;
  const target = users.find((u) => u.username === "operator2")!;
  expect((await admin.request.put(`/api/v1/users/${target.id}`, { data: { disabled: true } })).status()).toBe(200);
  try {
    for (const answer of [await rawGet(operator2, refresh.url, refresh.headers), await rawGet(operator2, "/"), await rawGet(operator2, "/regions", DOCUMENT.headers)]) {
      expect(answer.cache).toBeUndefined();
      expect(answer.body).not.toBe(operated.body);
    }
  } finally {
    expect((await admin.request.put(`/api/v1/users/${target.id}`, { data: { disabled: false } })).status()).toBe(200);
  }
});
