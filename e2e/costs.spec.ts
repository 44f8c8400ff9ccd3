import { readFileSync } from "node:fs";
import { expect, test, type Page } from "./test";
import { signIn } from "./helpers";

/** "$12,345.68" from integer micros, rounded half away from zero, as the page shows it. */
function money(micros: number): string {
  const cents = Math.floor((micros + 5_000) / 10_000);
  const int = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${int}.${String(cents % 100).padStart(2, "0")}`;
}

/** Exact integer micros of a CSV amount such as "1234.567891". */
function micros(decimal: string): number {
  const [int, frac = ""] = decimal.split(".");
  return Number(int) * 1_000_000 + Number(frac.padEnd(6, "0").slice(0, 6));
}

async function setScenario(page: Page, scenario: string) {
  await signIn(page, "admin");
  const res = await page.request.put("/api/v1/scenario", { data: { scenario } });
  expect(res.status()).toBe(200);
}

test.describe("cost explorer", () => {
  test("a viewer sees month-to-date, the forecast, spend by region and what the dormant region costs", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/costs");
    await expect(page.getByRole("heading", { name: "Costs", level: 1 })).toBeVisible();
    await expect(page.getByTestId("mtd-amount")).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(page.getByTestId("mtd")).toContainText("by the same day last month");
    await expect(page.getByTestId("eom-amount")).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(page.getByTestId("forecast")).toContainText("Next 12 months");
    // Monthly figures among monthly figures: last month in full, DR per month with its month named.
    await expect(page.getByTestId("last-month")).toHaveText(/^Last month \([A-Z][a-z]+ \d{4}, complete\): \$[\d,]+\.\d\d$/);
    await expect(page.getByTestId("dr-monthly")).toHaveText(/^\$[\d,]+\.\d\d \/ month$/);
    await expect(page.getByTestId("dr-summary")).toContainText(/[A-Z][a-z]+ \d{4}/);
    await expect(page.getByTestId("dr-summary").getByTestId("dr-counted")).toHaveText(/^\d+ dormant replicas? of \d+ protected services? \(stateful or critical\)/);
    await expect(page.getByTestId("eom-forecast")).not.toContainText(/\b1 days\b/);
    // The forecast band: the CSV's bounds are filled.
    const forecastCsv = await (await page.request.get("/api/v1/costs/forecast?granularity=monthly&metric=unblended&format=csv")).text();
    const firstRow = forecastCsv.split("\r\n")[1].split(",");
    expect(firstRow.slice(-2).every((x) => /^\d+\.\d+$/.test(x))).toBe(true);
    // Months are drawn as stacked bars, as Cost Explorer does.
    await expect(page.getByTestId("spend-by-group").getByTestId("stacked-bars")).toBeVisible();

    const spend = page.getByTestId("spend-by-group");
    await expect(spend.getByRole("heading", { name: "Spend by region" })).toBeVisible();
    await expect(spend.getByRole("cell", { name: "eu-west-1", exact: true })).toBeVisible();
    await expect(spend.getByRole("cell", { name: "us-east-1", exact: true })).toBeVisible();
    await expect(spend.getByRole("img", { name: /Spend by region/ })).toBeVisible();

    // The page's total is the API's exact total, to the cent.
    const api = await (await page.request.get("/api/v1/costs")).json();
    expect(api.query.groupBy).toBe("region");
    await expect(page.getByTestId("spend-totals-total")).toHaveText(money(api.totalMicros));

    // The cost of the dormant region: us-east-1 holds the standby replicas.
    const redundancy = page.getByTestId("redundancy");
    await expect(redundancy.getByTestId("dormant-regions")).toContainText("us-east-1");
    const dr = await (await page.request.get("/api/v1/costs/redundancy")).json();
    expect(dr.totalMicros).toBeGreaterThan(0);
    await expect(redundancy.getByTestId("dr-cost")).toHaveText(money(dr.totalMicros));
    await expect(redundancy.getByRole("cell", { name: "Indexer PostgreSQL" })).toBeVisible();
    // Readiness comes from the replication domain; "—" until it reports, and "unknown" is one of its verdicts.
    await expect(redundancy.getByRole("row", { name: /Indexer PostgreSQL/ })).toContainText(/—|ready|at-risk|not-ready|unknown/);

    // Pickers keep their state in the URL.
    await page.getByLabel("Group by").selectOption("team");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/groupBy=team/);
    await expect(page.getByTestId("spend-by-group").getByRole("heading", { name: "Spend by team" })).toBeVisible();

    // Printing hides the controls.
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("form", { name: "Cost view" })).toBeHidden();
    await expect(page.getByTestId("spend-by-group")).toBeVisible();
  });

  test("CSV export downloads with its header row and a total that matches the page", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/costs");
    const pageTotal = await page.getByTestId("spend-totals-total").textContent();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("spend-by-group").getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^costs-by-region-monthly-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync(await download.path(), "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("period,region,amount_usd");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(["eu-west-1", "us-east-1"]));
    expect(money(rows.reduce((s, r) => s + micros(r[2]), 0))).toBe(pageTotal);

    for (const url of ["/api/v1/costs/redundancy?format=csv", "/api/v1/costs/anomalies?format=csv", "/api/v1/costs/movers?format=csv", "/api/v1/costs/forecast?format=csv"]) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(200);
      expect(res.headers()["content-type"], url).toContain("text/csv");
      expect(res.headers()["content-disposition"], url).toMatch(/^attachment; filename=".+\.csv"$/);
    }
    const redundancy = await (await page.request.get("/api/v1/costs/redundancy?format=csv")).text();
    expect(redundancy.split("\r\n")[0]).toBe("service,team,dormant_region,dormant_amount_usd,service_total_amount_usd,readiness");
  });

  test("the cost-spike scenario shows an anomaly with its impact and root cause", async ({ page }) => {
    await setScenario(page, "cost-spike");
    try {
      await signIn(page, "viewer");
      await page.goto("/costs");
      const anomalies = page.getByTestId("anomalies");
      await expect(page.getByTestId("anomaly-count")).toHaveText("1");
      await expect(anomalies.getByRole("row")).toHaveCount(2);
      await expect(anomalies).toContainText(/eu-west-1/);
      await expect(anomalies.getByText(/^\+\$[\d,]+\.\d\d$/)).toBeVisible();
      const api = await (await page.request.get("/api/v1/costs/anomalies")).json();
      expect(api.anomalies).toHaveLength(1);
      expect(api.anomalies[0].rootCauses[0]).toMatchObject({ region: "eu-west-1" });
      expect(api.anomalies[0].impact.totalMicros).toBeGreaterThan(0);
    } finally {
      await setScenario(page, "steady");
    }
    const after = await (await page.request.get("/api/v1/costs/anomalies")).json();
    expect(after.anomalies).toHaveLength(0);
  });

  test("bad queries are 400 with a message; only admins refresh, and it is audited", async ({ page }) => {
    await signIn(page, "viewer");
    const cases: Array<[string, RegExp]> = [
      ["/api/v1/costs?from=2025-03-01&to=2025-02-01", /from \(2025-03-01\) is after to \(2025-02-01\)/],
      ["/api/v1/costs?from=2024-01-01&to=2025-02-01", /longer than 13 months/],
      ["/api/v1/costs?groupBy=az", /groupBy must be one of region, service, team, system/],
      ["/api/v1/costs?metric=blended", /metric must be one of unblended, amortized/],
      ["/api/v1/costs?granularity=hourly", /granularity must be one of daily, monthly/],
      ["/api/v1/costs?from=2025-02-30", /YYYY-MM-DD/],
      ["/api/v1/costs/redundancy?from=2025-05-01&to=2025-04-01", /is after/],
      ["/api/v1/costs/forecast?metric=net", /metric/],
      ["/api/v1/costs/anomalies?colour=blue", /.+/],
    ];
    for (const [url, message] of cases) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(400);
      expect(res.headers()["content-type"], url).toContain("application/problem+json");
      expect((await res.json()).detail, url).toMatch(message);
    }
    expect((await page.request.post("/api/v1/costs/refresh", { data: {} })).status()).toBe(403);

    await signIn(page, "admin");
    const refreshed = await page.request.post("/api/v1/costs/refresh", { data: {} });
    expect(refreshed.status()).toBe(200);
    expect(await refreshed.json()).toMatchObject({ kind: "demo", failed: [], requests: 0 });
    const audit = await (await page.request.get("/api/v1/audit?action=costs.refreshed")).json();
    expect(audit.events.length).toBeGreaterThan(0);
    await page.goto("/settings");
    await expect(page.getByTestId("cost-source-status")).toContainText("no requests, no charges");
  });
});
