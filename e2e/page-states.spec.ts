import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ACTOR_CACHE_MS } from "../lib/auth/actor-cache";
import { freePort } from "./console-process";
import { signIn } from "./helpers";
import { stopConsole, waitHealthy, type Replica } from "./support/replicas";
import { expect, test, type BrowserContext, type Page } from "./test";

// Issue 29, item 5: a page's loading and error states, with a real dark database. The spec runs its
// own console (its log is read below) on a throwaway embedded PostgreSQL, and stops that PostgreSQL
// with SIGSTOP, as e2e/standby.spec.ts darkens a region: packets go unanswered, nothing is refused.

type PgTools = { freezePostgres: (dir: string) => number[]; thawPostgres: (dir: string) => number[]; resolvePgdata: (dir: string) => string; postgresPids: (dir: string) => number[] };
// Loaded by Node itself (see e2e/support/standby.ts).
const pgTools = (): Promise<PgTools> => import(path.resolve(__dirname, "../scripts/lib/standby-postgres.mjs"));

test.describe.configure({ mode: "serial" });

let dir: string;
let consoleProc: Replica;
let output = "";
let pgdata: string;
let tools: PgTools;
let context: BrowserContext;
let page: Page;

async function databaseState(url: string): Promise<string> {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  return ((await res.json()) as { database: string }).database;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  tools = await pgTools();
  dir = mkdtempSync(path.join(tmpdir(), "meridian-page-states-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, "../scripts/start.mjs")], {
    cwd: path.resolve(__dirname, ".."),
    env: { ...process.env, PORT: String(port), NEXTAUTH_URL: url, MERIDIAN_DATA_DIR: path.join(dir, "data"), MERIDIAN_EPHEMERAL_DB: "1", NEXTAUTH_SECRET: "page-states-secret-page-states-0123", MERIDIAN_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  consoleProc = { name: "page-states", url, proc, port };
  await waitHealthy(url, proc);
  pgdata = tools.resolvePgdata(path.join(dir, "data"));
  context = await browser.newContext({ baseURL: url, extraHTTPHeaders: {} });
  page = await context.newPage();
  await signIn(page, "viewer");
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  if (pgdata) tools.thawPostgres(pgdata);
  await context?.close();
  if (consoleProc) await stopConsole(consoleProc);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("with the database dark: the loading state at once, then an error state that names what failed, with its ids, and a Try again that recovers", async () => {
  test.setTimeout(120_000);
  const url = consoleProc.url;
  await expect.poll(() => databaseState(url)).toBe("ok");
  await page.goto("/changes");
  await expect(page.getByRole("heading", { name: "Changes", level: 1 })).toBeVisible();
  // Who the viewer is, read afresh just before the database goes dark: lib/auth/actor-cache.ts keeps it
  // for ACTOR_CACHE_MS (and serves it while the database is dark), so the shell answers at once and only
  // the page's own data waits on the database. Past the TTL of the last read, the next one reloads it.
  await page.waitForTimeout(ACTOR_CACHE_MS + 500);
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);

  tools.freezePostgres(pgdata);
  try {
    // A navigation inside the console while the database does not answer: the page's frame at once.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    const loading = page.getByTestId("page-loading");
    await expect(loading).toBeVisible();
    await expect(loading).toHaveAttribute("role", "status");
    await expect(loading).toHaveAttribute("aria-busy", "true");
    await expect(loading.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    await expect(loading).toContainText("Loading audit events…");

    // The breaker gives up on the dark database within seconds: the page says what it could not load.
    const error = page.getByTestId("page-error");
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expect(error.getByRole("heading", { level: 1 })).toHaveText("The audit log could not be loaded");
    await expect(error).toContainText("The console's database has not answered since");
    await expect(error.getByTestId("error-digest")).toHaveText(/^\w+$/);
    // The shell was rendered for /changes: its request id is not this page's, so none is shown.
    await expect(error.getByTestId("error-request-id")).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toBeVisible();

    // Loaded as a document, the page's own request id is known: the one its response carries.
    const res = await page.goto("/audit");
    const requestId = res!.headers()["x-request-id"];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("console-banner")).toContainText("No database since");
    await expect(error.getByTestId("error-request-id")).toHaveText(requestId);
    const digest = (await error.getByTestId("error-digest").textContent())!;
    // Either id finds the console's log line, with the reason.
    await expect.poll(() => output.split("\n").find((l) => l.includes(requestId) && l.includes(digest)) ?? "").toContain("page render failed: database unavailable");
  } finally {
    tools.thawPostgres(pgdata);
  }

  await expect.poll(() => databaseState(url), { timeout: 15_000 }).toBe("ok");
  await page.getByTestId("page-error").getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("page-error")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByTestId("audit-table")).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/audit");
});
