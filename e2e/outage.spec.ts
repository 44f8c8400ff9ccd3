import { expect, test, type Page } from "./test";
import { signIn } from "./helpers";

// Issue 12, "Outage": an admin switches the demo fleet to eu-west-1-outage; within one collection
// interval (the demo source's 30 s, no forced refresh) nothing of eu-west-1 reads ok, through the
// API and on the pages, and the overview leads with what to do.

const INTERVAL_MS = 30_000;
const EU_JOBS = ["demo/inventory/eu-west-1", "demo/slos/eu-west-1", "demo/deployments/eu-west-1", "demo/replication/links"];

type Source = { name: string; lastAttemptAt: string | null; stale: boolean; noDataSince: string | null };

async function sources(page: Page): Promise<Source[]> {
  const res = await page.request.get("/api/v1/sources");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { sources: Source[] }).sources;
}

async function setScenario(page: Page, scenario: string): Promise<string> {
  await signIn(page, "admin");
  const res = await page.request.put("/api/v1/scenario", { data: { scenario } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { state: { scenarioSince: string } }).state.scenarioSince;
}

test.describe("eu-west-1 outage", () => {
  test("one collection after the switch no eu-west-1 SLO, link or region reads ok, in the API and on the pages; the overview says what to do", async ({ page }) => {
    test.setTimeout(150_000);
    // Every eu-west-1 job has run at least once on the steady fleet before the switch.
    await signIn(page, "viewer");
    await expect.poll(async () => (await sources(page)).filter((s) => EU_JOBS.includes(s.name) && s.lastAttemptAt !== null).length, { timeout: 60_000 }).toBe(EU_JOBS.length);

    const since = await setScenario(page, "eu-west-1-outage");
    try {
      await signIn(page, "commander");
      // The scheduler's next run of each job, not a forced refresh: that is the promise.
      await expect
        .poll(async () => (await sources(page)).filter((s) => EU_JOBS.includes(s.name) && s.lastAttemptAt !== null && s.lastAttemptAt > since).length, { timeout: INTERVAL_MS + 10_000, intervals: [1_000] })
        .toBe(EU_JOBS.length);
      const elapsed = Date.now() - Date.parse(since);
      expect(elapsed).toBeLessThan(INTERVAL_MS + 10_000);
      for (const s of (await sources(page)).filter((x) => EU_JOBS.includes(x.name))) expect(s, s.name).toMatchObject({ stale: true, noDataSince: expect.any(String) });

      // API: region, SLOs, links.
      type RegionsBody = { regions: Array<{ id: string; health: string; healthWhy?: string | null; unreachableSince: string | null }> };
      // /api/v1/regions is a read model: it follows the collection within seconds.
      await expect
        .poll(async () => ((await (await page.request.get("/api/v1/regions")).json()) as RegionsBody).regions.find((r) => r.id === "eu-west-1")?.health, { timeout: 15_000, intervals: [1_000] })
        .toBe("unreachable");
      const regions = (await (await page.request.get("/api/v1/regions")).json()) as RegionsBody;
      expect(regions.regions.find((r) => r.id === "eu-west-1")).toMatchObject({ health: "unreachable", unreachableSince: expect.any(String) });
      // us-east-1 answers: healthy, unless the failover specs' drill left the Leaderboard's latency SLO
      // there paging (it served the slow release while active, and that stays in the 6 h / 30 min windows).
      const east = regions.regions.find((r) => r.id === "us-east-1")!;
      if (east.health !== "healthy") expect(east).toMatchObject({ health: "degraded", healthWhy: expect.stringMatching(/^1 SLO paging: leaderboard-api requests-latency/) });
      const slos = (await (await page.request.get("/api/v1/slos?region=eu-west-1")).json()) as { rows: Array<{ slo: string; state: string; noDataSince: string | null; budgetFrozen: boolean }> };
      expect(slos.rows.length).toBeGreaterThan(0);
      expect(slos.rows.filter((r) => r.state !== "no-data")).toEqual([]);
      expect(slos.rows.every((r) => r.noDataSince !== null)).toBe(true);
      expect(slos.rows.some((r) => r.budgetFrozen)).toBe(true);
      const links = (await (await page.request.get("/api/v1/replication")).json()) as { links: Array<{ linkId: string; state: string; reason: string }> };
      expect(links.links.length).toBe(6);
      for (const l of links.links) {
        expect(l.state, l.linkId).toBe("unknown");
        expect(l.reason, l.linkId).toMatch(/^no samples since /);
      }

      // The overview leads with what to do, and the region reads unreachable in red.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto("/");
      const incident = page.getByTestId("incident-eu-west-1");
      await expect(incident).toContainText("eu-west-1 is unreachable");
      await expect(incident).toContainText("no data since");
      await expect(incident).toContainText("Healthy target: us-east-1");
      const primary = page.getByTestId("incident-failover-leaderboard-api-us-east-1");
      await expect(primary).toBeVisible();
      await expect(primary).toHaveText("Fail over to us-east-1");
      await expect(page.getByTestId("incident-runbook-leaderboard-api")).toContainText(/≥ \d/); // data loss: at least the last-known lag
      const tile = page.getByTestId("region-tile-eu-west-1");
      await expect(tile).toContainText("unreachable");
      await expect(tile).not.toContainText(/\bhealthy\b/);
      // Red, like down: the word's colour is the theme's --bad.
      const isRed = await page.getByTestId("region-tile-eu-west-1").getByTestId("region-state").evaluate((el) => {
        const probe = document.createElement("span");
        probe.style.color = "var(--bad)";
        document.body.appendChild(probe);
        const bad = getComputedStyle(probe).color;
        probe.remove();
        return getComputedStyle(el).color === bad;
      });
      expect(isRed).toBe(true);
      await expect(page.getByTestId("dark-slos-eu-west-1")).toContainText("no data since");
      await page.screenshot({ path: "e2e/artifacts/outage-overview.png" });

      // The same words on the other pages.
      await page.goto("/regions");
      await expect(page.getByTestId("region-health-eu-west-1")).toHaveText("unreachable");
      await page.goto("/regions/eu-west-1");
      await expect(page.getByTestId("region-health")).toHaveText("unreachable");
      await expect(page.getByTestId("region-unreachable")).toContainText("no data since");
      await page.goto("/slos?region=eu-west-1");
      const table = page.getByTestId("slo-table");
      await expect(table.locator("[data-testid^='slo-state-']").first()).toBeVisible();
      const states = await table.locator("[data-testid^='slo-state-']").allInnerTexts();
      expect(states.length).toBe(slos.rows.length);
      for (const s of states) {
        expect(s).toContain("no-data");
        expect(s).toContain("no data since");
        expect(s).not.toMatch(/^ok\b/);
      }
      await expect(table).toContainText("frozen");
      await page.goto("/replication");
      for (const l of links.links) await expect(page.getByTestId(`link-state-${l.linkId}`)).toContainText(/unknown\s*no samples since/);

      // The primary button opens the failover request, prefilled.
      await page.goto("/");
      await page.getByTestId("incident-failover-leaderboard-api-us-east-1").click();
      await expect(page).toHaveURL(/\/failovers\/new\?service=leaderboard-api&to=us-east-1&mode=failover$/);
    } finally {
      await setScenario(page, "steady");
      await page.request.post("/api/v1/collector/refresh", { data: {} });
    }
  });
});
