import { expect, test, type Browser } from "./test";
import pg from "pg";
import { countCalls, killReplica, startCluster, type Cluster, type Replica } from "./support/replicas";

// Three console processes on one embedded PostgreSQL, started as README says: `owner` runs the
// database (and no jobs, so it outlives the replica the last test kills); replica-b and replica-c
// join through .data/database-url and run jobs. Every call goes to a chosen replica.

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let cluster: Cluster;
let owner: Replica;
let b: Replica;
let c: Replica;
const tokens: Record<string, string> = {};

async function tokenFor(browser: Browser, user: string): Promise<string> {
  // Not the suite's default Origin header (the main console's): on this port Chromium would block every script.
  const page = await (await browser.newContext({ extraHTTPHeaders: {} })).newPage();
  await page.goto(`${owner.url}/sign-in`);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  const res = await page.request.post(`${owner.url}/api/v1/tokens`, { data: { name: "replicas", expiresInDays: 1 }, headers: { origin: owner.url } });
  expect(res.status(), await res.text()).toBe(201);
  const secret = (await res.json()).secret as string;
  await page.context().close();
  return secret;
}

async function api(r: Replica, user: string, method: "GET" | "POST", path: string, body?: unknown) {
  const res = await fetch(`${r.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function plan(r: Replica, workspace: string, revision: string) {
  const res = await api(r, "operator", "POST", "/api/v1/changes/plan", { workspace, vars: { revision } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; planSha256: string };
}

const change = async (r: Replica, id: string) => (await api(r, "admin", "GET", `/api/v1/changes/${id}`)).json;

async function auditCount(r: Replica, action: string, targetId: string): Promise<number> {
  const res = await api(r, "admin", "GET", `/api/v1/audit?action=${action}&targetId=${targetId}`);
  return (res.json.events as unknown[]).length;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  cluster = await startCluster(["replica-b", "replica-c"]);
  [owner, b, c] = cluster.replicas;
  for (const user of ["operator", "operator2", "approver", "approver2", "commander", "admin"]) tokens[user] = await tokenFor(browser, user);
});

test.afterAll(async () => {
  await cluster?.stop();
});

/** Calls at once; each answer's status and how long it took. */
async function rush(calls: Array<() => Promise<{ status: number; json: unknown }>>) {
  return Promise.all(
    calls.map(async (call) => {
      const t0 = Date.now();
      const res = await call();
      return { status: res.status, ms: Date.now() - t0, detail: (res.json as { detail?: string } | null)?.detail ?? "" };
    }),
  );
}

function expectOneWinner(outcomes: Array<{ status: number; ms: number; detail: string }>, winner: number) {
  expect(outcomes.filter((o) => o.status >= 500), JSON.stringify(outcomes.filter((o) => o.status >= 500))).toEqual([]);
  expect(outcomes.filter((o) => o.status === winner)).toHaveLength(1);
  expect(outcomes.filter((o) => o.status === 409)).toHaveLength(outcomes.length - 1);
  expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(5_000);
}

async function approvedDemoChange(r: Replica, revision: string) {
  const p = await plan(r, "blockchain-us-east-1", revision);
  expect((await api(r, "approver", "POST", `/api/v1/changes/${p.id}/approve`, { planSha256: p.planSha256 })).status).toBe(200);
  // The demo's SLO gate is on for this workspace: over fresh data it lets the plan through.
  await expect.poll(async () => (await change(owner, p.id)).policy.canApply, { timeout: 30_000 }).toBe(true);
  return p;
}

test("30 concurrent applies of the demo's blockchain-us-east-1 (SLO gate on) on one console, default pool: one 202, 29 × 409, no 5xx, each within 5 s", async () => {
  const p = await approvedDemoChange(b, "rush-one-console");
  const before = countCalls(cluster.countFile, "apply");
  const outcomes = await rush(Array.from({ length: 30 }, (_, i) => () => api(b, i % 2 ? "operator" : "operator2", "POST", `/api/v1/changes/${p.id}/apply`, { planSha256: p.planSha256 })));
  expectOneWinner(outcomes, 202);
  await expect.poll(async () => (await change(owner, p.id)).state, { timeout: 60_000 }).toBe("applied");
  expect(countCalls(cluster.countFile, "apply") - before).toBe(1);
  expect(await auditCount(owner, "change.apply-started", p.id)).toBe(1);
});

test("20 concurrent applies of blockchain-us-east-1 split across two consoles, and 20 approvals by one approver at once: one winner each, no 5xx", async () => {
  const p = await approvedDemoChange(c, "rush-two-consoles");
  const before = countCalls(cluster.countFile, "apply");
  expectOneWinner(await rush(Array.from({ length: 20 }, (_, i) => () => api(i % 2 ? b : c, "operator", "POST", `/api/v1/changes/${p.id}/apply`, { planSha256: p.planSha256 }))), 202);
  await expect.poll(async () => (await change(owner, p.id)).state, { timeout: 60_000 }).toBe("applied");
  expect(countCalls(cluster.countFile, "apply") - before).toBe(1);
  expect(await auditCount(owner, "change.apply-started", p.id)).toBe(1);

  const q = await plan(b, "blockchain-eu-west-1", "rush-approvals");
  expectOneWinner(await rush(Array.from({ length: 20 }, (_, i) => () => api(i % 2 ? b : c, "approver", "POST", `/api/v1/changes/${q.id}/approve`, { planSha256: q.planSha256 }))), 200);
  expect(await auditCount(owner, "change.approved", q.id)).toBe(1);
  // Two approvals are needed there: one person clicking twenty times is one approval.
  expect((await change(owner, q.id)).state).toBe("proposed");
});

test("10 concurrent executes of an approved Leaderboard drill on one console: one 202, 9 × 409, no 5xx", async () => {
  const req = await api(b, "operator", "POST", "/api/v1/failovers", { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "rush of executes" });
  expect(req.status, JSON.stringify(req.json)).toBe(201);
  const id = req.json.id as string;
  const d = (await api(owner, "admin", "GET", `/api/v1/failovers/${id}`)).json;
  expect((await api(c, "commander", "POST", `/api/v1/failovers/${id}/approve`, { runbookVersion: d.runbookVersion, target: "us-east-1" })).status).toBe(200);
  expectOneWinner(await rush(Array.from({ length: 10 }, () => () => api(b, "operator", "POST", `/api/v1/failovers/${id}/execute`, {}))), 202);
  expect(await auditCount(owner, "failover.started", id)).toBe(1);
  // Aborted at once (the harness holds its verify step 60 s), so later tests find no open Leaderboard failover.
  expect((await api(c, "commander", "POST", `/api/v1/failovers/${id}/abort`, { reason: "rush test done" })).status).toBe(200);
  const done = async () => (await api(owner, "admin", "GET", `/api/v1/failovers/${id}`)).json.state;
  await expect.poll(done, { timeout: 60_000 }).toMatch(/^(aborted|rolled-back|failed|rollback-failed)$/);
});

test("20 concurrent applies split across two replicas: one accepted, 19 × 409, one terraform apply, one apply-started row", async () => {
  const before = countCalls(cluster.countFile, "apply");
  const p = await plan(b, "replica-race", "race-1");
  expect((await api(c, "approver", "POST", `/api/v1/changes/${p.id}/approve`, { planSha256: p.planSha256 })).status).toBe(200);
  const calls = await Promise.all(
    Array.from({ length: 20 }, (_, i) => api(i % 2 ? b : c, i % 4 < 2 ? "operator" : "operator2", "POST", `/api/v1/changes/${p.id}/apply`, { planSha256: p.planSha256 })),
  );
  const statuses = calls.map((x) => x.status).sort();
  expect(statuses.filter((s) => s === 202)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  await expect.poll(async () => (await change(owner, p.id)).state, { timeout: 60_000 }).toBe("applied");
  expect(countCalls(cluster.countFile, "apply") - before).toBe(1);
  expect(await auditCount(owner, "change.apply-started", p.id)).toBe(1);
});

test("two approvers at the same instant on a two-approval workspace, on two replicas: approved, and the apply is accepted (3 times)", async () => {
  for (let i = 0; i < 3; i++) {
    const p = await plan(b, "blockchain-eu-west-1", `same-instant-${i}`);
    const [one, two] = await Promise.all([
      api(b, "approver", "POST", `/api/v1/changes/${p.id}/approve`, { planSha256: p.planSha256 }),
      api(c, "approver2", "POST", `/api/v1/changes/${p.id}/approve`, { planSha256: p.planSha256 }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect((await change(owner, p.id)).state).toBe("approved");
    expect((await api(c, "operator", "POST", `/api/v1/changes/${p.id}/apply`, { planSha256: p.planSha256 })).status).toBe(202);
    await expect.poll(async () => (await change(owner, p.id)).state, { timeout: 60_000 }).toBe("applied");
  }
});

test("a failover started through one replica is aborted through another; the runner rolls back", async () => {
  const req = await api(b, "operator", "POST", "/api/v1/failovers", { service: "leaderboard-api", to: "us-east-1", mode: "drill", reason: "replica abort test" });
  expect(req.status, JSON.stringify(req.json)).toBe(201);
  const id = req.json.id as string;
  const run = async () => (await api(owner, "admin", "GET", `/api/v1/failovers/${id}`)).json;
  const d = await run();
  expect((await api(c, "commander", "POST", `/api/v1/failovers/${id}/approve`, { runbookVersion: d.runbookVersion, target: "us-east-1" })).status).toBe(200);
  expect((await api(b, "operator", "POST", `/api/v1/failovers/${id}/execute`, {})).status).toBe(202);
  // Wait until the verify step (held 60 s in this config) runs, then abort through the replica that is not running it.
  await expect.poll(async () => (await run()).steps.some((s: { type: string; state: string }) => s.type === "verify" && s.state === "running"), { timeout: 60_000 }).toBe(true);
  const runner = (await run()).runner as string;
  expect(runner).toMatch(/^replica-[bc]\//);
  const other = runner.startsWith("replica-b/") ? c : b;
  const abort = await api(other, "commander", "POST", `/api/v1/failovers/${id}/abort`, { reason: "abort through the other replica" });
  expect(abort.status, JSON.stringify(abort.json)).toBe(200);
  expect(abort.json.state).toBe("aborting");
  await expect.poll(async () => (await run()).state, { timeout: 30_000 }).toBe("aborted");
  const after = await run();
  expect(after.abortRequestedBy).toBe("commander");
  expect(after.steps.filter((s: { isRollback: boolean }) => s.isRollback).length).toBeGreaterThan(0);
});

test("each collection job runs once per interval across the replicas", async () => {
  const db = new pg.Client({ connectionString: (await import("node:fs")).readFileSync(`${cluster.dataDir}/database-url`, "utf8").trim() });
  await db.connect();
  try {
    const runs = async () => new Map((await db.query<{ name: string; runs: number; intervalSec: number }>(`SELECT "name", "runs", "intervalSec" FROM "SourceStatus" WHERE "kind" = 'demo'`)).rows.map((r) => [r.name, r]));
    const before = await runs();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 21_000));
    const elapsed = (Date.now() - t0) / 1000;
    const after = await runs();
    expect(after.size).toBeGreaterThan(0);
    for (const [name, row] of after) {
      const delta = row.runs - (before.get(name)?.runs ?? 0);
      // Three replicas tick every second; without the lease each job would run about three times per interval.
      const most = Math.ceil(elapsed / row.intervalSec) + 1;
      expect(delta, name).toBeGreaterThanOrEqual(1);
      expect(delta, name).toBeLessThanOrEqual(most);
    }
  } finally {
    await db.end();
  }
});

test("kill -9 of the replica running a slow apply: another marks it failed within 30 s; the lock stays until released from a survivor", async () => {
  const before = countCalls(cluster.countFile, "apply");
  const p = await plan(b, "replica-slow", "slow-1");
  expect((await api(c, "approver", "POST", `/api/v1/changes/${p.id}/approve`, { planSha256: p.planSha256 })).status).toBe(200);
  expect((await api(b, "operator", "POST", `/api/v1/changes/${p.id}/apply`, { planSha256: p.planSha256 })).status).toBe(202);
  // The provisioner's own line, so terraform apply is running (Meridian's "apply started" comes before the spawn).
  await expect.poll(async () => (await api(owner, "admin", "GET", `/api/v1/changes/${p.id}/log?offset=0`)).json.text, { timeout: 60_000 }).toContain("(local-exec): started");
  const runner = (await change(owner, p.id)).runner as string;
  const victim = runner.startsWith("replica-b/") ? b : c;
  const survivor = victim === b ? c : b;
  killReplica(victim);
  const killedAt = Date.now();
  // The apply is still running as far as anyone can tell: releasing its lock is refused until the heartbeat goes stale.
  expect((await api(survivor, "operator", "POST", `/api/v1/changes/${p.id}/release-lock`, {})).status).toBe(409);
  await expect.poll(async () => (await change(survivor, p.id)).state, { timeout: 35_000, intervals: [500] }).toBe("failed");
  const detectedInMs = Date.now() - killedAt;
  console.log(`kill -9 → failed on ${survivor.name} in ${(detectedInMs / 1000).toFixed(1)} s`);
  expect(detectedInMs).toBeLessThan(30_000);
  const failed = await change(survivor, p.id);
  expect(failed.lock).toMatchObject({ changeId: p.id });
  expect(await auditCount(survivor, "change.apply-interrupted", p.id)).toBe(1);
  expect((await api(survivor, "operator", "POST", `/api/v1/changes/${p.id}/release-lock`, {})).status).toBe(200);
  expect((await change(survivor, p.id)).lock).toBeNull();
  // Never re-run: one terraform apply of this plan ran.
  expect(countCalls(cluster.countFile, "apply") - before).toBe(1);
});
