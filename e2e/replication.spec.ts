import { expect, test, type Page } from "./test";
import { signIn } from "./helpers";

const STALLED = "indexer-db-euw1-use1";

async function refresh(page: Page) {
  const res = await page.request.post("/api/v1/collector/refresh", { data: {} });
  expect(res.status()).toBe(200);
}

test.describe("replication", () => {
  test("API: links, readiness, a link's series; unknown link 404, bad range 400", async ({ page }) => {
    await signIn(page, "viewer");
    const links = await (await page.request.get("/api/v1/replication")).json();
    expect(links.links.map((l: { linkId: string }) => l.linkId)).toContain(STALLED);
    expect(links.freshness).toHaveProperty("fetchedAt");
    const engines = new Set(links.links.map((l: { engine: string }) => l.engine));
    for (const e of ["substrate", "postgres", "mongodb"]) expect(engines).toContain(e);

    const readiness = await (await page.request.get("/api/v1/readiness?service=indexer-db")).json();
    expect(readiness.readiness).toHaveLength(1);
    expect(readiness.readiness[0]).toMatchObject({ service: "indexer-db", from: "eu-west-1", to: "us-east-1" });
    expect(["ready", "at-risk", "unknown", "not-ready"]).toContain(readiness.readiness[0].verdict);

    const detail = await page.request.get(`/api/v1/replication/${STALLED}?range=6h`);
    expect(detail.status()).toBe(200);
    const body = await detail.json();
    expect(body.range).toBe("6h");
    expect(body.points.length).toBeGreaterThan(100);
    // The chart ends with the sample the Lag figure shows.
    expect(body.chart.values.at(-1).t).toBe(Date.parse(body.link.sampledAt));
    expect(body.chart.thresholds.map((t: { kind: string }) => t.kind)).toContain("warning");

    expect((await page.request.get("/api/v1/replication/no-such-link")).status()).toBe(404);
    const bad = await page.request.get(`/api/v1/replication/${STALLED}?range=3y`);
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect((await page.request.get("/api/v1/readiness?verdict=maybe")).status()).toBe(400);
  });

  test("UI: sparklines carry their scale; the lag chart draws a labelled warning line; no state word is doubled", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/replication");
    await expect(page.getByTestId("sparkline-scale").first()).toContainText(/max .+ · warning .+/);
    await expect(page.locator("main")).not.toContainText(/\b(stalled|unknown|breach|warning):? +\1\b/);
    await page.goto(`/replication/${STALLED}`);
    await expect(page.getByTestId("lag-chart").locator("svg.recharts-surface")).toBeVisible();
    await expect(page.getByTestId("lag-chart")).toContainText("warning 10 s");
    await expect(page.getByTestId("lag-chart")).toContainText("RPO");
    await expect(page.getByTestId("link-lag")).toContainText(/\d/);
  });

  test("admin switches to replication-stall: the link stalls and its service is not-ready with the reason", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "admin");
    await page.goto("/settings");
    await page.getByRole("radio", { name: /Replication stall/ }).check();
    await page.getByRole("button", { name: "Switch scenario" }).click();
    await expect(page.getByText(/Now: Replication stall/)).toBeVisible();
    const switchedAt = Date.now();
    try {
      // The stall shows once the replica has replayed nothing for two 5 s steps: within one 30 s interval.
      await expect
        .poll(
          async () => {
            await refresh(page);
            const res = await (await page.request.get("/api/v1/replication")).json();
            return res.links.find((l: { linkId: string }) => l.linkId === STALLED)?.state;
          },
          { timeout: 30_000, intervals: [3_000] },
        )
        .toBe("stalled");
      expect(Date.now() - switchedAt).toBeLessThan(30_000);

      // Readiness is a stored model: it follows the collection within one refresh.
      await expect
        .poll(async () => {
          await page.goto("/replication");
          return page.getByTestId("readiness-indexer-db").innerText();
        }, { timeout: 30_000, intervals: [2_000] })
        .toContain("not-ready");
      await expect(page.getByTestId(`link-state-${STALLED}`)).toContainText("stalled");
      // The counts per verdict filter the list: only not-ready pairs, worst first, the count marked current.
      await page.getByTestId("readiness-count-not-ready").click();
      await expect(page).toHaveURL(/verdict=not-ready/);
      await expect(page.getByTestId("readiness-count-not-ready")).toHaveAttribute("aria-current", "true");
      const verdicts = await page.locator('[data-testid="readiness"] td [data-testid^="readiness-"]').allInnerTexts();
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.every((v) => v.trim() === "not-ready"), verdicts.join(", ")).toBe(true);
      await expect(page.getByTestId("reasons-indexer-db")).toContainText(`${STALLED} stalled`);
      await expect(page.locator("main")).not.toContainText(/stalled:? +stalled/);

      // Links are named by the way they run now; the id is the address.
      await page.locator(`a[href="/replication/${STALLED}"]`).first().click();
      await expect(page).toHaveURL(new RegExp(`/replication/${STALLED}`));
      await expect(page.getByTestId("link-state")).toContainText("stalled");
      await expect(page.getByTestId("link-state")).not.toContainText(/stalled:? +stalled/);
      await expect(page.getByTestId("lag-chart").locator("svg.recharts-surface")).toBeVisible();
      await expect(page.getByTestId("lag-chart")).toContainText("RPO");
      await page.getByRole("link", { name: "24h" }).click();
      await expect(page).toHaveURL(/range=24h/);
      await expect(page.getByRole("heading", { name: "Lag over 24h" })).toBeVisible();
      await expect(page.getByTestId("lag-chart").locator("svg.recharts-surface")).toBeVisible();
    } finally {
      // Put the fleet back for the other specs.
      await page.request.put("/api/v1/scenario", { data: { scenario: "steady" } });
      await refresh(page);
    }
  });
});
