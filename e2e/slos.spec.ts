import { expect, test, type Page } from "./test";
import { signIn } from "./helpers";

const LB = "leaderboard-api.requests-latency.eu-west-1";

/** The collector's first SLO cycle runs right after start; reload until it has landed. */
async function openSlos(page: Page, query = "") {
  await expect(async () => {
    await page.goto(`/slos${query}`);
    await expect(page.getByTestId("slo-table").getByText("not collected")).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

function row(page: Page, service: string, slo: string, region: string) {
  return page.getByTestId("slo-table").getByRole("row").filter({ hasText: service }).filter({ hasText: slo }).filter({ hasText: region });
}

test.describe("SLOs", () => {
  test("the table shows the Leaderboard's latency SLO paging, with an ETA, and the leadership summary", async ({ page }) => {
    await signIn(page, "viewer");
    await openSlos(page);
    const lb = row(page, "Leaderboard API", "requests-latency", "eu-west-1");
    await expect(lb).toHaveCount(1);
    await expect(lb.locator(".badge", { hasText: /^page$/ })).toBeVisible();
    // Time until the budget is gone at the current 1 h burn, e.g. "31.4 h" or "1.3 d".
    await expect(lb.getByRole("cell").last()).toHaveText(/^\d+(\.\d+)? (min|h|d)$/);
    await expect(page.getByTestId("slos-met")).toHaveText(/^\d+ of \d+ (paging|burning|missed|met)$/);
    await expect(page.getByTestId("budget-by-system").locator("svg").first()).toBeVisible();
    // Sorting by SLI puts the worst (lowest) first.
    await page.getByRole("button", { name: /SLI \(window\)/ }).click();
    await expect(page.getByTestId("slo-table").getByRole("row").nth(1)).toContainText("Leaderboard API");
  });

  test("filters live in the URL", async ({ page }) => {
    await signIn(page, "viewer");
    await openSlos(page);
    await page.getByRole("combobox", { name: "Region" }).selectOption("us-east-1");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/region=us-east-1/);
    const table = page.getByTestId("slo-table");
    await expect(table.getByRole("row").filter({ hasText: "eu-west-1" })).toHaveCount(0);
    // Dormant in us-east-1: no traffic reads "no data", never 0 % or 100 %. (The Leaderboard is not the
    // example here: the failover specs make it active in us-east-1 for part of the window, as recorded.)
    await expect(row(page, "Block explorer", "requests-availability", "us-east-1").getByRole("cell").nth(2)).toHaveText(/^no data/);

    await page.goto("/slos?state=page");
    // The Leaderboard in eu-west-1, and in us-east-1 too while the failover specs' drill (the slow release
    // served there while it was active) is inside its 30 min window: nothing else pages on the steady fleet.
    await expect(row(page, "Leaderboard API", "requests-latency", "eu-west-1")).toHaveCount(1);
    const body = table.getByRole("row").filter({ has: page.getByRole("cell") });
    for (const r of await body.all()) {
      await expect(r).toContainText("Leaderboard API");
      await expect(r.getByRole("cell").nth(6)).toHaveText("page");
    }
    expect(await body.count()).toBeLessThanOrEqual(2);
    await expect(page.getByRole("combobox", { name: "Burn state" })).toHaveValue("page");
  });

  test("the SLO page shows budget, burn rates, the rule that fired and both charts", async ({ page }) => {
    await signIn(page, "operator");
    await openSlos(page);
    await row(page, "Leaderboard API", "requests-latency", "eu-west-1").getByRole("link", { name: "Leaderboard API" }).click();
    await expect(page).toHaveURL(new RegExp(`/slos/${LB.replace(/\./g, "\\.")}$`));
    await expect(page.getByRole("heading", { name: "Leaderboard API — requests-latency" })).toBeVisible();
    await expect(page.getByTestId("slo-rule")).toContainText("1h burn");
    await expect(page.getByTestId("slo-eta")).toHaveText(/^\d+(\.\d+)? (min|h|d)$/);
    await expect(page.getByTestId("slo-budget")).toHaveText(/%$/);
    // The seed's story in seconds: the measured p99 against the 3 s threshold.
    await expect(page.getByTestId("slo-latency")).toHaveText(/^p99 \d+(\.\d)? s against 3 s \(last 5 min\)$/);
    await expect(page.getByTestId("burn-rates").getByRole("columnheader")).toHaveCount(8);
    await expect(page.getByTestId("alert-rules").getByText("firing").first()).toBeVisible();

    await page.getByRole("link", { name: "1 d", exact: true }).click();
    await expect(page).toHaveURL(/range=1d/);
    await expect(page.getByTestId("burndown-chart").getByRole("application")).toBeVisible();
    await expect(page.getByTestId("sli-chart").getByRole("application")).toBeVisible();
    // The bad release went out 3 h before the fleet was loaded: a marker on both charts.
    await expect(page.getByTestId("deployments-in-range")).toContainText("Deployments:");
    await expect(page.getByTestId("sli-chart").locator(".deployment-marker").first()).toBeAttached();
    await expect(page.getByTestId("burndown-chart").locator(".deployment-marker").first()).toBeAttached();
  });

  test("API: list, one SLO, series; unknown id 404, bad range 400", async ({ page }) => {
    await signIn(page, "viewer");
    await openSlos(page);
    const list = await page.request.get("/api/v1/slos?region=eu-west-1");
    expect(list.status()).toBe(200);
    const body = await list.json();
    expect(body.rows.every((r: { region: string }) => r.region === "eu-west-1")).toBe(true);
    expect(body.summary.total).toBe(18);

    const one = await page.request.get(`/api/v1/slos/${LB}`);
    expect(one.status()).toBe(200);
    const detail = await one.json();
    expect(detail.row).toMatchObject({ slo: LB, state: "page", objective: 99 });
    expect(Object.keys(detail.row.burnRates)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(detail.row.budget.totalMinutes).toBeCloseTo(403.2, 6);

    const series = await page.request.get(`/api/v1/slos/${LB}/series?range=6h`);
    expect(series.status()).toBe(200);
    expect((await series.json()).points.length).toBeGreaterThan(100);

    expect((await page.request.get("/api/v1/slos/nope.nope.eu-west-1")).status()).toBe(404);
    expect((await page.request.get(`/api/v1/slos/nope.nope.eu-west-1/series`)).status()).toBe(404);
    const bad = await page.request.get(`/api/v1/slos/${LB}/series?range=banana`);
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect((await page.request.get(`/api/v1/slos?state=burning`)).status()).toBe(400);
  });

  test("Settings shows the SLO file in force", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/settings");
    await expect(page.getByTestId("slo-file-status")).toContainText("18 SLOs in force");
  });
});
