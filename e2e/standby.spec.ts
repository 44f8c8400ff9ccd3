import path from "node:path";
import pg from "pg";
import { expect, test, type Browser, type BrowserContext } from "./test";
import { startRegions, type Regions } from "./support/standby";

// Two regions on one machine: the eu-west-1 console owns the primary PostgreSQL; the us-east-1
// console runs on a real streaming replica of it (MERIDIAN_STANDBY_OF). Then eu-west-1 goes dark
// (SIGSTOP of its console and database: packets unanswered), the incident commander takes over in
// us-east-1 and fails the Leaderboard over from there, and eu-west-1 comes back fenced.

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

let regions: Regions;
const tokens: Record<string, string> = {};
let standbyPages: BrowserContext;
let takeoverAt: Date;
/** Approved on the primary before the takeover: the old side must not apply it after. */
let approvedBefore: { id: string; planSha256: string };

type PgTools = { freezePostgres: (dir: string) => number[]; thawPostgres: (dir: string) => number[] };
const pgTools = (): Promise<PgTools> => import(path.resolve(__dirname, "../scripts/lib/standby-postgres.mjs"));

async function signIn(browser: Browser, url: string, user: string): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  await page.close();
  return context;
}

async function tokenFor(browser: Browser, user: string): Promise<string> {
  const context = await signIn(browser, regions.primary.url, user);
  const res = await context.request.post(`${regions.primary.url}/api/v1/tokens`, { data: { name: "regions", expiresInDays: 1 }, headers: { origin: regions.primary.url } });
  expect(res.status(), await res.text()).toBe(201);
  const secret = (await res.json()).secret as string;
  await context.close();
  return secret;
}

async function api(url: string, user: string, method: "GET" | "POST" | "PUT", route: string, body?: unknown, timeoutMs = 10_000) {
  const t0 = Date.now();
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, ms: Date.now() - t0 };
}

async function health(url: string) {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, json: await res.json() };
}

/** A page of a console, loaded in a signed-in browser: how long it took and what its banner says. */
async function loadPage(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const t0 = Date.now();
  const res = await page.goto(url, { waitUntil: "domcontentloaded", timeout: 10_000 });
  const ms = Date.now() - t0;
  const banner = (await page.getByTestId("console-banner").textContent({ timeout: 1_000 }).catch(() => null)) ?? "";
  const text = await page.locator("main").innerText({ timeout: 5_000 });
  await page.close();
  return { status: res?.status() ?? 0, ms, banner, text };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  regions = await startRegions();
  for (const user of ["operator", "approver", "approver2", "commander", "admin"]) tokens[user] = await tokenFor(browser, user);
  // Tokens were made on the primary: the standby knows them once they replicated.
  await expect.poll(async () => (await api(regions.standby.url, "admin", "GET", "/api/v1/me")).status, { timeout: 10_000 }).toBe(200);
  standbyPages = await signIn(browser, regions.standby.url, "commander");
});

test.afterAll(async () => {
  await standbyPages?.close();
  await regions?.stop();
});

test("the standby serves the primary's data within 5 s and refuses every decision with 503 naming the primary", async () => {
  const plan = await api(regions.primary.url, "operator", "POST", "/api/v1/changes/plan", { workspace: "blockchain-us-east-1", vars: { revision: "standby-1" } }, 60_000);
  expect(plan.status, JSON.stringify(plan.json)).toBe(201);
  const approved = await api(regions.primary.url, "approver", "POST", `/api/v1/changes/${plan.json.id}/approve`, { planSha256: plan.json.planSha256 });
  expect(approved.status).toBe(200);
  approvedBefore = { id: plan.json.id, planSha256: plan.json.planSha256 };
  const t0 = Date.now();
  await expect.poll(async () => (await api(regions.standby.url, "admin", "GET", `/api/v1/changes/${plan.json.id}`)).json?.state, { timeout: 5_000, intervals: [200] }).toBe("approved");
  console.log(`an approval on the primary showed on the standby in ${Date.now() - t0} ms`);

  for (const [user, method, route, body] of [
    ["operator", "POST", `/api/v1/changes/${plan.json.id}/apply`, { planSha256: plan.json.planSha256 }],
    ["approver2", "POST", `/api/v1/changes/${plan.json.id}/approve`, { planSha256: plan.json.planSha256 }],
    ["operator", "POST", "/api/v1/failovers", { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "on the standby" }],
    ["admin", "PUT", "/api/v1/scenario", { scenario: "steady" }],
  ] as const) {
    const res = await api(regions.standby.url, user, method, route, body);
    expect(res.status, `${route}: ${JSON.stringify(res.json)}`).toBe(503);
    expect(res.json.detail).toContain(regions.primary.url);
  }
  const page = await loadPage(standbyPages, `${regions.standby.url}/`);
  expect(page.banner).toMatch(/Standby in us-east-1 · read-only · data as of \d{4}-\d\d-\d\dT.*\(\d+ s behind the primary\)/);
  const status = await health(regions.standby.url);
  expect(status.json.console).toMatchObject({ mode: "standby", region: "us-east-1" });
  expect(typeof status.json.console.replicaLagSeconds).toBe("number");
  const metrics = await (await fetch(`${regions.standby.url}/api/metrics`)).text();
  expect(metrics).toMatch(/meridian_console_replica_lag_seconds \d/);
});

test("no operator takes over (403), and nobody while the primary answers unless forced", async () => {
  expect((await api(regions.standby.url, "operator", "POST", "/api/v1/console/takeover", { reason: "I would like to be in charge" })).status).toBe(403);
  const refused = await api(regions.standby.url, "commander", "POST", "/api/v1/console/takeover", { reason: "testing the refusal while eu-west-1 is up" });
  expect(refused.status, JSON.stringify(refused.json)).toBe(409);
  expect(refused.json.detail).toMatch(/primary still answers/);
  expect((await health(regions.standby.url)).json.console.mode).toBe("standby");
});

test("a console whose only database is stopped answers pages and reads within 2 s, saying no database since T", async () => {
  const { freezePostgres, thawPostgres } = await pgTools();
  const primaryPages = await signIn(standbyPages.browser()!, regions.primary.url, "viewer");
  try {
    await loadPage(primaryPages, `${regions.primary.url}/regions`); // read once, as an open page would have
    freezePostgres(regions.primaryPgDataDir);
    const stoppedAt = Date.now();
    await expect.poll(async () => (await health(regions.primary.url)).json.database, { timeout: 5_000, intervals: [250] }).toBe("unreachable");
    console.log(`kill -STOP of the database → /api/health says unreachable after ${Date.now() - stoppedAt} ms`);
    for (const route of ["/", "/regions", "/failovers"]) {
      const page = await loadPage(primaryPages, `${regions.primary.url}${route}`);
      expect(page.ms, route).toBeLessThan(2_000);
      expect(page.banner, route).toMatch(/No database since \d{4}-\d\d-\d\dT/);
    }
    const reads = await api(regions.primary.url, "admin", "GET", "/api/v1/regions");
    expect(reads.ms).toBeLessThan(2_000);
    expect([200, 503]).toContain(reads.status);
    const ready = await health(regions.primary.url);
    expect(ready.status).toBe(503);
    expect(ready.json.databaseUnreachableSince).toMatch(/^\d{4}-/);
    expect((await fetch(`${regions.primary.url}/api/health/live`)).status).toBe(200);
  } finally {
    thawPostgres(regions.primaryPgDataDir);
    await primaryPages.close();
  }
  await expect.poll(async () => (await health(regions.primary.url)).json.database, { timeout: 10_000 }).toBe("ok");
});

test("eu-west-1 goes dark: the standby's pages answer within 2 s with the banner; the commander takes over within 10 s", async () => {
  regions.freezePrimary();
  for (const route of ["/", "/regions", "/failovers"]) {
    const page = await loadPage(standbyPages, `${regions.standby.url}${route}`);
    expect(page.status, route).toBe(200);
    expect(page.ms, route).toBeLessThan(2_000);
    expect(page.banner, route).toContain("Standby in us-east-1");
  }
  const reads = await api(regions.standby.url, "admin", "GET", "/api/v1/regions");
  expect(reads.status).toBe(200);
  expect(reads.ms).toBeLessThan(2_000);
  expect(reads.json.fetchedAt).toMatch(/^\d{4}-/);
  await expect.poll(async () => (await loadPage(standbyPages, `${regions.standby.url}/console`)).banner, { timeout: 10_000 }).toMatch(/Primary unreachable since .* take over the console here/);

  const t0 = Date.now();
  const takeover = await api(regions.standby.url, "commander", "POST", "/api/v1/console/takeover", { reason: "eu-west-1 is dark: incident 4711" }, 30_000);
  expect(takeover.status, JSON.stringify(takeover.json)).toBe(200);
  expect(takeover.json.epoch).toBe(2);
  await expect.poll(async () => (await health(regions.standby.url)).json.console.mode, { timeout: 10_000, intervals: [250] }).toBe("primary");
  const tookMs = Date.now() - t0;
  console.log(`takeover: promoted in ${takeover.json.promotedInMs} ms, primary after ${tookMs} ms; data loss: ${takeover.json.dataLoss.note}`);
  expect(tookMs).toBeLessThan(10_000);
  takeoverAt = new Date();
});

test("the Leaderboard's failover to us-east-1 is requested, approved by someone else and executed on the survivor; the audit chain verifies", async () => {
  const req = await api(regions.standby.url, "operator", "POST", "/api/v1/failovers", { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "eu-west-1 is dark" });
  expect(req.status, JSON.stringify(req.json)).toBe(201);
  const id = req.json.id as string;
  const detail = (await api(regions.standby.url, "admin", "GET", `/api/v1/failovers/${id}`)).json;
  // Four-eyes holds on the survivor: the requester cannot approve their own failover.
  expect((await api(regions.standby.url, "operator", "POST", `/api/v1/failovers/${id}/approve`, { runbookVersion: detail.runbookVersion, target: "us-east-1" })).status).toBe(403);
  const approved = await api(regions.standby.url, "commander", "POST", `/api/v1/failovers/${id}/approve`, { runbookVersion: detail.runbookVersion, target: "us-east-1" });
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  const executed = await api(regions.standby.url, "operator", "POST", `/api/v1/failovers/${id}/execute`, {});
  expect(executed.status, JSON.stringify(executed.json)).toBe(202);
  await expect.poll(async () => (await api(regions.standby.url, "admin", "GET", `/api/v1/failovers/${id}`)).json.runner ?? "", { timeout: 30_000 }).toMatch(/^us-east-1/);
  const verified = await api(regions.standby.url, "admin", "POST", "/api/v1/audit/verify", {});
  expect(verified.status, JSON.stringify(verified.json)).toBe(200);
  expect(verified.json.ok, JSON.stringify(verified.json)).toBe(true);
  const audit = (await api(regions.standby.url, "admin", "GET", "/api/v1/audit?action=console.takeover")).json.events;
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actorName: "commander", reason: "eu-west-1 is dark: incident 4711" });
});

test("eu-west-1 comes back: its console refuses an approval and an apply, says superseded, and its database took no decision", async () => {
  regions.thawPrimary();
  // The old side still holds the change approved there before the takeover: neither applying it nor approving it again is accepted.
  const apply = await api(regions.primary.url, "operator", "POST", `/api/v1/changes/${approvedBefore.id}/apply`, { planSha256: approvedBefore.planSha256 }, 15_000);
  const approve = await api(regions.primary.url, "approver2", "POST", `/api/v1/changes/${approvedBefore.id}/approve`, { planSha256: approvedBefore.planSha256 }, 15_000);
  for (const res of [apply, approve]) {
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.detail).toMatch(/superseded by us-east-1/);
  }
  await expect.poll(async () => (await health(regions.primary.url)).json.console?.mode, { timeout: 10_000 }).toBe("superseded");
  const ready = await health(regions.primary.url);
  expect(ready.status).toBe(503);
  expect(ready.json.console.supersededBy).toMatchObject({ region: "us-east-1" });

  const db = new pg.Client({ connectionString: regions.primaryDatabaseUrl });
  await db.connect();
  try {
    const accepted = await db.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "at" > $1 AND "outcome" = 'success' AND "action" IN ('change.approved', 'change.apply-started', 'failover.approved', 'failover.started', 'change.rejected')`, [takeoverAt]);
    expect(accepted.rows[0].n).toBe(0);
    // The new primary fenced the old database once it answered again.
    await expect.poll(async () => (await db.query(`SELECT "value" FROM "Setting" WHERE "key" = 'console.fence'`)).rows[0]?.value?.epoch ?? null, { timeout: 10_000 }).toBe(2);
  } finally {
    await db.end();
  }
});
