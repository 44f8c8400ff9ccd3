import { expect, test } from "./test";
import { signIn } from "./helpers";

test.describe("overview", () => {
  test("region tiles, burning SLOs, readiness, timeline and source staleness, reachable by keyboard", async ({ page }) => {
    await signIn(page, "commander");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    for (const region of ["eu-west-1", "us-east-1"]) await expect(page.getByTestId(`region-tile-${region}`)).toBeVisible();
    await expect(page.getByTestId("region-tile-eu-west-1")).toContainText(/healthy|degraded|down|unknown|unreachable/);
    await expect(page.getByRole("heading", { name: "SLOs burning now" })).toBeVisible();
    await expect(page.getByTestId("burning-slos")).toContainText(/SLOs/);
    await expect(page.getByTestId("overview-readiness")).toContainText("leaderboard-api");
    await expect(page.getByTestId("overview-readiness-leaderboard-api").first()).toContainText(/ready|at-risk|not-ready/);
    await expect(page.getByTestId("timeline")).toContainText("What changed in the last 24 h");
    await expect(page.getByTestId("timeline-chart").getByRole("application")).toBeVisible();
    // Legend entries are told apart (service names), ticks fall on round hours, and the deployments heading counts its list.
    const legendItems = page.getByTestId("timeline-chart").locator(".recharts-legend-item-text");
    await expect.poll(() => legendItems.count()).toBeGreaterThan(0);
    const legend = await legendItems.allTextContents();
    expect(new Set(legend).size).toBe(legend.length);
    const ticks = page.getByTestId("timeline-chart").locator("text").filter({ hasText: /^\d{2}:\d{2}$/ });
    await expect.poll(() => ticks.count()).toBeGreaterThan(2);
    for (const t of await ticks.allTextContents()) expect(t).toMatch(/^\d{2}:00$/);
    const heading = (await page.getByTestId("timeline").getByRole("heading", { name: /^Deployments/ }).textContent())!;
    const listed = await page.getByTestId("timeline-deployments").locator("li").count();
    expect(heading).toMatch(new RegExp(`^Deployments \\((${listed}|latest ${listed} of \\d+)\\)$`));
    await expect(page.getByTestId("source-staleness")).toContainText("demo/");

    // The region tiles are links: keyboard users reach the region page.
    const tile = page.getByTestId("region-tile-us-east-1");
    await tile.focus();
    await expect(tile).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/regions\/us-east-1$/);
  });

  test("with eu-west-1's sources dark the overview still renders, with last-known data and since when", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "admin");
    expect((await page.request.put("/api/v1/scenario", { data: { scenario: "eu-west-1-outage" } })).status()).toBe(200);
    try {
      await page.request.post("/api/v1/collector/refresh", { data: {} });
      await page.goto("/");
      await expect(page.getByTestId("region-tile-eu-west-1")).toContainText(/down|unreachable|unknown/);
      await expect(page.getByTestId("region-tile-eu-west-1")).toContainText(/since|last-known/);
      await expect(page.getByTestId("region-tile-us-east-1")).toBeVisible();
      await expect(page.getByTestId("source-staleness")).toContainText("stale");
      await expect(page.getByTestId("timeline")).toContainText("Demo scenario");
    } finally {
      await page.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
      await page.request.post("/api/v1/collector/refresh", { data: {} });
    }
  });
});
