import { expect, test, type APIRequestContext, type Page } from "./test";
import { bearer, createToken, signIn } from "./helpers";

const SERVICE = "leaderboard-api";

async function tokenFor(page: Page, user: string): Promise<string> {
  await signIn(page, user);
  return createToken(page, `failovers-${user}`);
}

async function runState(request: APIRequestContext, token: string, id: string): Promise<string> {
  const res = await bearer(request, token, "get", `/api/v1/failovers/${id}`);
  return (await res.json()).state as string;
}

/** Request → commander approval → execute through the API, waiting for the end state. */
async function failViaApi(request: APIRequestContext, tokens: { operator: string; commander: string }, to: string): Promise<string> {
  const req = await bearer(request, tokens.operator, "post", "/api/v1/failovers", { service: SERVICE, to, mode: "failover", reason: "e2e fail back", precheckOverride: { reason: "e2e restores the demo fleet" } });
  expect(req.status()).toBe(201);
  const run = await req.json();
  const approve = await bearer(request, tokens.commander, "post", `/api/v1/failovers/${run.id}/approve`, { runbookVersion: run.preflight.runbookVersion, target: to });
  expect(approve.status()).toBe(200);
  expect((await bearer(request, tokens.operator, "post", `/api/v1/failovers/${run.id}/execute`, {})).status()).toBe(202);
  await expect.poll(() => runState(request, tokens.operator, run.id), { timeout: 60_000, intervals: [1_000] }).toMatch(/succeeded|failed|aborted/);
  return runState(request, tokens.operator, run.id);
}

test.describe("failovers", () => {
  test("API: requester cannot approve (403), no approval → 409, break-glass without reason → 400, bad input → 400/404, timeline validation", async ({ page }) => {
    const operator = await tokenFor(page, "operator");
    const commander = await tokenFor(page, "commander");
    const req = await bearer(page.request, operator, "post", "/api/v1/failovers", { service: SERVICE, to: "us-east-1", mode: "drill", precheckOverride: { reason: "API policy checks in e2e" } });
    expect(req.status()).toBe(201);
    const run = await req.json();
    expect(run.preflight).toMatchObject({ from: "eu-west-1", to: "us-east-1" });
    // The runbook is filed under the stateless API; the data it would lose is its database's lag, never a made-up 0.
    expect(run.preflight.expectedDataLoss.links).toEqual(["leaderboard-db-euw1-use1"]);
    expect(run.preflight.expectedDataLossSec).not.toBe(0);

    const self = await bearer(page.request, operator, "post", `/api/v1/failovers/${run.id}/approve`, { runbookVersion: run.preflight.runbookVersion, target: "us-east-1" });
    expect(self.status()).toBe(403);
    expect(self.headers()["content-type"]).toContain("application/problem+json");
    expect((await bearer(page.request, operator, "post", `/api/v1/failovers/${run.id}/execute`, {})).status()).toBe(409);
    expect((await bearer(page.request, commander, "post", `/api/v1/failovers/${run.id}/execute`, { breakGlass: true })).status()).toBe(400);
    expect((await bearer(page.request, operator, "post", `/api/v1/failovers/${run.id}/execute`, { breakGlass: true, reason: "operators cannot break glass" })).status()).toBe(403);
    expect((await bearer(page.request, operator, "post", "/api/v1/failovers", { service: SERVICE, to: "mars-1" })).status()).toBe(400);
    expect((await bearer(page.request, operator, "get", "/api/v1/failovers/no-such-run")).status()).toBe(404);
    expect((await bearer(page.request, operator, "post", `/api/v1/failovers/${run.id}/abort`, { reason: "e2e cleanup" })).status()).toBe(200);
    expect(await runState(page.request, operator, run.id)).toBe("aborted");

    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect((await bearer(page.request, operator, "get", `/api/v1/timeline?from=${iso(now)}&to=${iso(now - 3_600_000)}`)).status()).toBe(400);
    expect((await bearer(page.request, operator, "get", `/api/v1/timeline?from=${iso(now - 30 * 86_400_000)}&to=${iso(now)}`)).status()).toBe(400);
    // The 24 h timeline is a read model: it follows a change within seconds, not in the same instant.
    await expect
      .poll(async () => {
        const timeline = await bearer(page.request, operator, "get", "/api/v1/timeline");
        expect(timeline.status()).toBe(200);
        const body = await timeline.json();
        return body.events.some((e: { kind: string; href: string }) => e.kind === "failover" && e.href === `/failovers/${run.id}`);
      }, { timeout: 20_000, intervals: [1_000] })
      .toBe(true);
  });

  test("drill: in eu-west-1-outage the operator requests the Leaderboard failover, the commander approves and runs it; us-east-1 becomes active; every step is audited", async ({ page }) => {
    test.setTimeout(240_000);
    const tokens = { operator: await tokenFor(page, "operator"), commander: await tokenFor(page, "commander") };
    await signIn(page, "admin");
    expect((await page.request.put("/api/v1/scenario", { data: { scenario: "eu-west-1-outage" } })).status()).toBe(200);
    expect((await page.request.post("/api/v1/collector/refresh", { data: {} })).status()).toBe(200);
    let failedOver = false;
    try {
      await signIn(page, "operator");
      await page.goto(`/failovers/new?service=${SERVICE}&to=us-east-1`);
      await expect(page.getByTestId("preflight")).toBeVisible();
      await expect(page.getByTestId("preflight-path")).toContainText("data-loss");
      await expect(page.getByTestId("preflight-loss")).toContainText("unknown (no data since");
      const override = page.getByLabel("Override precheck");
      if (await override.isVisible()) {
        await override.check();
        await page.getByLabel(/Why override/).fill("eu-west-1 is down; the drill runs anyway");
      }
      await page.getByLabel("Reason").fill("e2e: eu-west-1 outage drill");
      await page.getByRole("button", { name: "Request failover" }).click();
      await expect(page).toHaveURL(/\/failovers\/[a-z0-9]+$/);
      const url = page.url();
      const id = url.split("/").pop() ?? "";
      await expect(page.getByTestId("run-state")).toContainText("requested");
      await expect(page.getByRole("button", { name: /Approve failover/ })).toHaveCount(0); // never the requester

      await signIn(page, "commander");
      await page.goto(url);
      await page.getByRole("button", { name: "Approve failover to us-east-1" }).click();
      await expect(page.getByTestId("run-state")).toContainText("approved");
      await page.getByRole("button", { name: "Execute", exact: true }).click();
      failedOver = true;
      await expect(page.getByTestId("run-state")).toContainText("running");
      await expect(page.getByTestId("step-progress")).toContainText(/[1-7] of 7 steps done/);
      await expect(page.getByTestId("run-state")).toContainText("succeeded", { timeout: 90_000 });
      await expect(page.getByTestId("step-progress")).toContainText("7 of 7 steps done · data-loss path");
      await expect(page.getByTestId("step-1")).toContainText("skipped");
      await expect(page.getByTestId("run-rto")).toContainText(/\d+ s/);
      await expect(page.getByTestId("run-loss")).toContainText(/s/);

      await page.goto("/regions/us-east-1");
      // The services table: the readiness table above it also names the service (as secondary text).
      await expect(page.getByTestId("region-services").getByRole("row").filter({ hasText: SERVICE }).first()).toContainText("active");

      await signIn(page, "admin");
      await page.goto(`/audit?targetType=failover-run&targetId=${id}&limit=200`);
      for (const action of ["failover.requested", "failover.approved", "failover.started", "failover.step-succeeded", "failover.step-skipped", "failover.succeeded"]) {
        await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
      }
      const audit = await (await page.request.get(`/api/v1/audit?targetType=failover-run&targetId=${id}&limit=200`)).json();
      const stepEvents = audit.events.filter((e: { action: string }) => /^failover\.step-(succeeded|skipped)$/.test(e.action));
      expect(stepEvents).toHaveLength(7);
    } finally {
      // Other specs run after this one on the same server: put the fleet back.
      await signIn(page, "admin");
      await page.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
      await page.request.post("/api/v1/collector/refresh", { data: {} });
      if (failedOver) {
        await expect.poll(async () => (await (await bearer(page.request, tokens.operator, "get", `/api/v1/failovers?service=${SERVICE}&state=running`)).json()).failovers.length, { timeout: 90_000 }).toBe(0);
        expect(await failViaApi(page.request, tokens, "eu-west-1")).toBe("succeeded");
        await page.request.post("/api/v1/collector/refresh", { data: {} });
      }
    }
  });
});
