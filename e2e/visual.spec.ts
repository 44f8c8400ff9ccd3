import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "./test";
import { signIn } from "./helpers";

// The visual pass: every dashboard page at a desktop and a phone size, light and dark, saved as
// artifacts for a person to look at, plus the layout rules a phone user depends on, asserted.

const SCREENS = "e2e/artifacts/screens";
// The phone's user is the incident commander; only Settings needs an admin.
const AUTH = { commander: "e2e/artifacts/visual-commander.json", admin: "e2e/artifacts/visual-admin.json" } as const;
type Who = keyof typeof AUTH;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const THEMES = ["light", "dark"] as const;
type Theme = (typeof THEMES)[number];

test.describe.configure({ mode: "serial" });

let changeId = "";
let sloId = "";

async function session(browser: Browser, user: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signIn(await context.newPage(), user);
  return context;
}

async function phoneContext(browser: Browser, who: Who = "commander"): Promise<BrowserContext> {
  // isMobile honours the page's viewport meta as a phone does, so nothing is laid out at 980 px.
  return browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1, storageState: AUTH[who] });
}

async function desktopContext(browser: Browser, who: Who = "commander"): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, storageState: AUTH[who] });
}

/** Streams finished, client data fetched, no skeleton left. A live page polls every second, so it never goes network-idle. */
async function settle(page: Page, { live = false } = {}) {
  await page.waitForLoadState(live ? "load" : "networkidle");
  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0);
}

/** The theme as a person sets it: the toggle where it is on screen, else what it does (the attribute on <html> and the stored choice). */
async function setTheme(page: Page, theme: Theme) {
  const toggle = page.getByRole("button", { name: `Switch to ${theme} theme` });
  if (await toggle.isVisible()) {
    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    return;
  }
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
    localStorage.setItem("meridian-theme", t);
  }, theme);
}

async function shoot(page: Page, name: string, theme: Theme) {
  await setTheme(page, theme);
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `${SCREENS}/${name}-${width}-${theme}.png`, fullPage: true, animations: "disabled" });
}

async function expectNoSidewaysScroll(page: Page, name: string) {
  const m = await page.evaluate(() => {
    const scrollWidth = document.scrollingElement!.scrollWidth;
    const culprits: string[] = [];
    // Only when it fails: name the innermost elements that stick out and are not inside a scroll box.
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    const out = (el: Element) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getBoundingClientRect().width > 0;
    if (scrollWidth > window.innerWidth + 1) {
      for (const el of Array.from(document.querySelectorAll("body *"))) {
        const r = el.getBoundingClientRect();
        if (out(el) && !clipped(el) && !Array.from(el.children).some(out)) {
          culprits.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} → ${Math.round(r.right)} px`);
        }
        if (culprits.length >= 6) break;
      }
    }
    return { scrollWidth, innerWidth: window.innerWidth, culprits };
  });
  // Soft: every page is measured and shot even when one fails. A phone zooms out to fit content
  // that is too wide, which widens innerWidth and would hide the overflow from the rule below.
  expect.soft(m.innerWidth, `${name}: zoomed out to fit content wider than the phone; wider elements: ${JSON.stringify(m.culprits)}`).toBe(PHONE.width);
  expect.soft(m.scrollWidth, `${name} scrolls sideways at ${m.innerWidth} px; wider elements: ${JSON.stringify(m.culprits)}`).toBeLessThanOrEqual(m.innerWidth + 1);
}

/** "eu-west-1 → us-east-1" and the like stay on one line. */
async function expectRoutesOnOneLine(page: Page, name: string) {
  const tall = await page.locator(".route").evaluateAll((els) =>
    els
      .filter((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        // Lines, not fragments: text pieces on one line share their top.
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1;
      })
      .map((e) => e.textContent),
  );
  expect.soft(tall, `${name}: routes wrapped`).toEqual([]);
}

async function waitFor(request: APIRequestContext, url: string, field: string, pattern: RegExp, timeout = 60_000) {
  await expect.poll(async () => (await (await request.get(url)).json())[field], { timeout, intervals: [500] }).toMatch(pattern);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync(SCREENS, { recursive: true });
  const admin = await session(browser, "admin");
  await admin.storageState({ path: AUTH.admin });
  const commander = await session(browser, "commander");
  await commander.storageState({ path: AUTH.commander });
  const slos = await (await commander.request.get("/slos")).text();
  sloId = /href="\/slos\/([^"?#/]+)"/.exec(slos)?.[1] ?? "";
  expect(sloId, "an SLO link on /slos").not.toBe("");

  // One applied change, so the change page shows a finished run (its end state, counts, log).
  const operator = await session(browser, "operator");
  const approver = await session(browser, "approver");
  const planned = await operator.request.post("/api/v1/changes/plan", { data: { workspace: "blockchain-us-east-1", vars: { revision: "3" } } });
  expect(planned.status(), await planned.text()).toBe(201);
  const c = (await planned.json()) as { id: string; planSha256: string };
  changeId = c.id;
  expect((await approver.request.post(`/api/v1/changes/${c.id}/approve`, { data: { planSha256: c.planSha256 } })).status()).toBe(200);
  expect((await operator.request.post(`/api/v1/changes/${c.id}/apply`, { data: { planSha256: c.planSha256 } })).status()).toBe(202);
  await waitFor(operator.request, `/api/v1/changes/${c.id}`, "state", /^(applied|failed)$/);
  await Promise.all([admin.close(), commander.close(), operator.close(), approver.close()]);
});

test("phone: the navigation folds behind a menu button, and region health is on the first screen", async ({ browser }) => {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.goto("/");
  await settle(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Regions" })).toBeHidden();
  for (const region of ["eu-west-1", "us-east-1"]) {
    const box = await page.getByTestId(`region-tile-${region}`).boundingBox();
    expect(box, `${region} tile`).not.toBeNull();
    expect(box!.y + box!.height, `${region} tile ends within the first 600 px`).toBeLessThanOrEqual(600);
  }
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Regions" }).click();
  await expect(page).toHaveURL(/\/regions$/);
  // The menu closes once the person has gone where they wanted.
  await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  await context.close();

  // At a desk the sidebar stays open and there is no menu button.
  const desk = await desktopContext(browser);
  const dp = await desk.newPage();
  await dp.goto("/");
  await expect(dp.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Regions" })).toBeVisible();
  await expect(dp.getByRole("button", { name: "Menu" })).toBeHidden();
  await desk.close();
});

test("every dashboard page at 1440×900 and 390×844, light and dark: screenshots, and nothing scrolls sideways on the phone", async ({ browser }) => {
  test.setTimeout(150_000);
  const pages: Array<[string, string, Who?]> = [
    ["overview", "/"],
    ["regions", "/regions"],
    ["region", "/regions/eu-west-1"],
    ["deployments", "/deployments"],
    ["deployment", "/deployments/leaderboard-api"],
    ["replication", "/replication"],
    ["replication-link", "/replication/leaderboard-db-euw1-use1"],
    ["costs", "/costs"],
    ["slos", "/slos"],
    ["slo", `/slos/${sloId}`],
    ["changes", "/changes"],
    ["change", `/changes/${changeId}`],
    ["failovers", "/failovers"],
    ["failover-new", "/failovers/new?service=leaderboard-api&to=us-east-1"],
    ["audit", "/audit"],
    ["settings", "/settings", "admin"],
    ["account", "/account"],
  ];
  const contexts = {
    desktop: { commander: await desktopContext(browser), admin: await desktopContext(browser, "admin") },
    phone: { commander: await phoneContext(browser), admin: await phoneContext(browser, "admin") },
  };
  const tabs = {
    desktop: { commander: await contexts.desktop.commander.newPage(), admin: await contexts.desktop.admin.newPage() },
    phone: { commander: await contexts.phone.commander.newPage(), admin: await contexts.phone.admin.newPage() },
  };
  // Both sizes side by side: the console answers two requests at once as it would two people.
  await Promise.all(
    (["desktop", "phone"] as const).map(async (size) => {
      for (const [name, path, who = "commander"] of pages) {
        const page = tabs[size][who];
        const res = await page.goto(path);
        expect(res?.status(), `${name} at ${size}`).toBe(200);
        await settle(page);
        for (const theme of THEMES) await shoot(page, name, theme);
        // Measured once charts and client data have drawn (they can widen a page after the stream).
        if (size === "phone") {
          await expectNoSidewaysScroll(page, name);
          await expectRoutesOnOneLine(page, name);
        }
      }
    }),
  );

  // The applied change reads as finished: no red "blocked", and zero counts are not coloured.
  const p = tabs.phone.commander;
  await p.goto(`/changes/${changeId}`);
  await expect(p.getByTestId("change-state")).toHaveText("applied");
  await expect(p.getByTestId("policy")).not.toContainText("blocked");
  for (const zero of await p.getByTestId("plan-counts").locator(".badge").filter({ hasText: /^\D0 / }).all()) await expect(zero).toHaveClass(/neutral/);
  await Promise.all(Object.values(contexts).flatMap((c) => Object.values(c)).map((c) => c.close()));
});

test("phone in eu-west-1-outage and during a failover: overview and the running failover, screenshots, no sideways scrolling", async ({ browser }) => {
  test.setTimeout(150_000);
  const admin = await browser.newContext({ storageState: AUTH.admin });
  const operator = await session(browser, "operator");
  const commander = await browser.newContext({ storageState: AUTH.commander });
  const phone = await phoneContext(browser);
  const desktop = await desktopContext(browser);
  const [p, d] = [await phone.newPage(), await desktop.newPage()];
  expect((await admin.request.put("/api/v1/scenario", { data: { scenario: "eu-west-1-outage" } })).status()).toBe(200);
  try {
    expect((await admin.request.post("/api/v1/collector/refresh", { data: {} })).status()).toBe(200);
    await p.goto("/");
    await settle(p);
    await expectNoSidewaysScroll(p, "overview (outage)");
    // One vocabulary: the dark region's state word is red, as it is on every page.
    const word = p.getByTestId("region-tile-eu-west-1").getByTestId("region-state");
    await expect(word).toHaveText(/unreachable|down/);
    const [color, bad] = await word.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).getPropertyValue("--bad")]);
    const probe = await p.evaluate((c) => {
      const s = document.createElement("span");
      s.style.color = c;
      document.body.append(s);
      const rgb = getComputedStyle(s).color;
      s.remove();
      return rgb;
    }, bad.trim());
    expect(color).toBe(probe);
    for (const theme of THEMES) await shoot(p, "overview-outage", theme);

    const requested = await operator.request.post("/api/v1/failovers", {
      data: { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "visual pass: a running failover on a phone", precheckOverride: { reason: "the visual pass only looks at the run" } },
    });
    expect(requested.status(), await requested.text()).toBe(201);
    const run = (await requested.json()) as { id: string; preflight: { runbookVersion: string } };
    expect((await commander.request.post(`/api/v1/failovers/${run.id}/approve`, { data: { runbookVersion: run.preflight.runbookVersion, target: "us-east-1" } })).status()).toBe(200);
    expect((await commander.request.post(`/api/v1/failovers/${run.id}/execute`, { data: {} })).status()).toBe(202);
    await waitFor(operator.request, `/api/v1/failovers/${run.id}`, "state", /^(running|succeeded|failed|aborted)$/, 30_000);
    await Promise.all([p.goto(`/failovers/${run.id}`), d.goto(`/failovers/${run.id}`)]);
    await Promise.all([settle(p, { live: true }), settle(d, { live: true })]);
    await expect(p.getByRole("region", { name: "Steps" })).toBeVisible();
    for (const theme of THEMES) await shoot(p, "failover", theme);
    for (const theme of THEMES) await shoot(d, "failover", theme);
    await expectNoSidewaysScroll(p, "failover (running)");
    // Once it runs, the live steps come before the static preflight.
    const steps = await p.getByRole("region", { name: "Steps" }).boundingBox();
    const preflight = await p.getByTestId("preflight").boundingBox();
    expect(steps!.y).toBeLessThan(preflight!.y);
    // Leave the fleet as it was for whatever runs next: abort rolls back a run still going.
    await commander.request.post(`/api/v1/failovers/${run.id}/abort`, { data: { reason: "visual pass done" } });
    await waitFor(operator.request, `/api/v1/failovers/${run.id}`, "state", /^(succeeded|failed|aborted|rolled-back)$/, 60_000);
    // A round-trip drill starts its own fail-back leg: wait until nothing is in flight, then fail back only if the
    // service is still active in us-east-1.
    const settled = async () => (await (await operator.request.get("/api/v1/topology")).json()) as { inFlight: string[]; services: { service: string; activeRegion: string | null }[] };
    await expect.poll(async () => (await settled()).inFlight.length, { timeout: 90_000 }).toBe(0);
    if ((await settled()).services.find((s) => s.service === "leaderboard-api")?.activeRegion === "us-east-1") {
      const back = await operator.request.post("/api/v1/failovers", { data: { service: "leaderboard-api", to: "eu-west-1", mode: "failover", reason: "visual pass: fail back", precheckOverride: { reason: "restores the demo fleet" } } });
      expect(back.status(), await back.text()).toBe(201);
      const b = (await back.json()) as { id: string; preflight: { runbookVersion: string } };
      expect((await commander.request.post(`/api/v1/failovers/${b.id}/approve`, { data: { runbookVersion: b.preflight.runbookVersion, target: "eu-west-1" } })).status()).toBe(200);
      expect((await commander.request.post(`/api/v1/failovers/${b.id}/execute`, { data: {} })).status()).toBe(202);
      await waitFor(operator.request, `/api/v1/failovers/${b.id}`, "state", /^(succeeded|failed|aborted)$/, 60_000);
    }
  } finally {
    await admin.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
    await admin.request.post("/api/v1/collector/refresh", { data: {} });
    await Promise.all([admin.close(), operator.close(), commander.close(), phone.close(), desktop.close()]);
  }
});
