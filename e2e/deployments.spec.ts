import { expect, test, type Page } from "./test";
import { signIn } from "./helpers";

const BCS = ["substrate-validator", "substrate-rpc", "indexer", "indexer-db", "api-gateway", "explorer"];

/** The collector runs at start; wait until both regions' deployments are stored. */
async function waitForMatrix(page: Page) {
  await expect
    .poll(async () => {
      const res = await page.request.get("/api/v1/deployments?system=blockchain-solutions");
      if (!res.ok()) return 0;
      const body = (await res.json()) as { rows: Array<{ cells: Record<string, unknown> }> };
      return body.rows.filter((r) => r.cells["eu-west-1"] && r.cells["us-east-1"]).length;
    }, { timeout: 60_000 })
    .toBe(BCS.length);
}

test.describe("version matrix", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "viewer");
    await waitForMatrix(page);
  });

  test("shows BlockChain Solutions active in eu-west-1, dormant in us-east-1, with the drifted indexer highlighted", async ({ page }) => {
    await page.goto("/deployments?system=blockchain-solutions");
    for (const id of BCS) {
      await expect(page.getByTestId(`cell-${id}-eu-west-1`)).toContainText("active");
      await expect(page.getByTestId(`cell-${id}-us-east-1`)).toContainText("dormant");
    }
    const drifted = page.getByTestId("cell-indexer-us-east-1");
    await expect(drifted).toHaveAttribute("data-drift", "true");
    await expect(drifted).toContainText(/drift: behind by \d+ releases?/);
    await expect(page.getByTestId("cell-indexer-eu-west-1")).toHaveAttribute("data-drift", "false");
  });

  test("at 1440×900 the matrix uses the page, and each cell says who shipped it, from which commit, and its rollout", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/deployments");
    const box = page.getByTestId("version-matrix").locator("xpath=..");
    // No inner scroll box: the wrapper is as tall as its table.
    const [client, scroll] = await box.evaluate((el) => [el.clientHeight, el.scrollHeight]);
    expect(scroll).toBeLessThanOrEqual(client + 1);
    await expect(page.getByTestId("provenance-indexer-eu-west-1")).toContainText(/by \S+.* · [0-9a-f]{7}/);
    await expect(page.getByTestId("cell-indexer-eu-west-1")).toContainText(/rolled out|progressing|failed|paused/);
  });

  test("filters go into the URL and change the rows", async ({ page }) => {
    await page.goto("/deployments");
    const rows = page.locator("[data-testid^='row-']");
    const all = await rows.count();
    expect(all).toBeGreaterThanOrEqual(15);

    await page.getByLabel("Drift only").check();
    await expect(page).toHaveURL(/drift=true/);
    await expect(page.getByTestId("row-indexer")).toBeVisible();
    await expect.poll(() => rows.count()).toBeLessThan(all);
    for (const flag of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-drift")))) expect(flag).toBe("true");

    await page.getByLabel("Region").selectOption("us-east-1");
    await expect(page).toHaveURL(/region=us-east-1/);
    await expect(page.getByRole("columnheader", { name: "eu-west-1" })).toHaveCount(0);
    await expect(page.getByRole("columnheader", { name: "us-east-1" })).toBeVisible();
    await expect(page.getByTestId("cell-indexer-us-east-1")).toBeVisible();

    await page.getByLabel("Drift only").uncheck();
    await page.getByLabel("Region").selectOption("");
    await page.getByLabel("Search").fill("explorer");
    await expect(page).toHaveURL(/q=explorer/);
    await expect(page).not.toHaveURL(/drift=/);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(page.getByTestId("row-explorer")).toBeVisible();

    // The URL is the view: opening it again shows the same rows.
    await page.goto(page.url());
    await expect(page.getByLabel("Search")).toHaveValue("explorer");
    await expect(rows).toHaveCount(1);
  });

  test("the history page shows when the indexer's drift began", async ({ page }) => {
    await page.goto("/deployments?system=blockchain-solutions");
    await page.getByTestId("row-indexer").getByRole("link", { name: "Chain indexer" }).click();
    await expect(page).toHaveURL(/\/deployments\/indexer$/);
    const us = page.getByTestId("history-region-us-east-1");
    await expect(us).toContainText("dormant");
    await expect(us.getByTestId("drift-began")).toContainText(/drift began \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    await expect(page.getByRole("img", { name: "Version timeline per region" })).toBeVisible();
    // The timeline ends with the release running now, and its last tick stays inside the figure.
    const current = (await page.getByTestId("history-region-eu-west-1").locator(".mono").first().textContent())!.trim();
    await expect(page.getByRole("img", { name: "Version timeline per region" }).locator("title", { hasText: `eu-west-1: ${current} from` })).toHaveCount(1);
    await expect(page.getByTestId("provenance-eu-west-1")).toContainText(/Commit\s*[0-9a-f]{7}/);
    await expect(page.getByTestId("history-events").locator("tbody tr")).not.toHaveCount(0);
    // Each deployment row says who shipped it and from which commit (the demo's releases carry both).
    const firstEvent = page.getByTestId("history-events").locator("tbody tr").first();
    await expect(firstEvent.getByTestId("event-deployer")).toHaveText(/\S/);
    await expect(firstEvent.getByTestId("event-deployer")).not.toHaveText("—");
    await expect(firstEvent.getByTestId("event-commit")).toHaveText(/^[0-9a-f]{7}$/);
  });

  test("the API validates filters and says how fresh the data is", async ({ page }) => {
    const bad = await page.request.get("/api/v1/deployments?colour=red");
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect((await bad.json()).detail).toMatch(/colour|unrecognized/i);
    expect((await page.request.get("/api/v1/deployments?drift=maybe")).status()).toBe(400);
    expect((await page.request.get("/api/v1/deployments?pageSize=100000")).status()).toBe(400);

    const ok = await page.request.get("/api/v1/deployments?drift=true&region=us-east-1&pageSize=10");
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ regions: ["us-east-1"], pageSize: 10, staleSources: expect.any(Array) });
    expect(typeof body.fetchedAt).toBe("string");
    expect(body.rows.map((r: { service: string }) => r.service)).toContain("indexer");

    const history = await page.request.get("/api/v1/deployments/indexer/history");
    expect(history.status()).toBe(200);
    const h = await history.json();
    expect(h.regions.find((r: { region: string }) => r.region === "us-east-1").driftSince).toEqual(expect.any(String));
    expect(h).toHaveProperty("staleSources");
    const events = h.regions.flatMap((r: { events: Array<{ deployer: string | null; commit: string | null }> }) => r.events);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { deployer: string | null; commit: string | null }) => !!e.deployer && /^[0-9a-f]{7}$/.test(e.commit ?? ""))).toBe(true);
    expect((await page.request.get("/api/v1/deployments/no-such-service/history")).status()).toBe(404);
    expect((await page.request.get("/api/v1/deployments/indexer/history?days=9999")).status()).toBe(400);
  });
});
