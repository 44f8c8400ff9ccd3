import { expect, test } from "./test";
import { signIn } from "./helpers";

test.describe("regions", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "viewer");
    await expect
      .poll(async () => {
        const res = await page.request.get("/api/v1/regions");
        return res.ok() ? ((await res.json()) as { regions: Array<{ fetchedAt: string | null }> }).regions.filter((r) => r.fetchedAt).length : 0;
      }, { timeout: 60_000 })
      .toBe(2);
  });

  test("lists the regions and drills into eu-west-1", async ({ page }) => {
    await page.goto("/regions");
    const table = page.getByTestId("regions-table");
    await expect(table.getByRole("link", { name: "us-east-1" })).toBeVisible();
    await table.getByRole("link", { name: "eu-west-1" }).click();
    await expect(page).toHaveURL(/\/regions\/eu-west-1$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("eu-west-1");
    await expect(page.getByTestId("cluster-bcs-prod-euw1")).toContainText("workloads");
    await expect(page.getByTestId("cluster-apps-prod-euw1")).toBeVisible();
    await expect(page.getByRole("meter", { name: "CPU requested of allocatable" }).first()).toBeVisible();
    const validator = page.getByTestId("region-services").getByRole("row").filter({ hasText: "Substrate validator" });
    await expect(validator).toContainText("active");
    await page.goto("/regions/us-east-1");
    await expect(page.getByTestId("region-services").getByRole("row").filter({ hasText: "Substrate validator" })).toContainText("dormant");
  });

  test("the Regions page, a region's page and the API word each region's health as the overview's tile does", async ({ page }) => {
    // In the demo fleet the Leaderboard API's bad deploy keeps an eu-west-1 SLO paging while every pod is ready.
    const overview = async () => {
      await page.goto("/");
      const words: Record<string, string> = {};
      for (const id of ["eu-west-1", "us-east-1"]) words[id] = (await page.getByTestId(`region-tile-${id}`).getByTestId("region-state").textContent())!.trim();
      return words;
    };
    const regionsPage = async () => {
      await page.goto("/regions");
      const words: Record<string, string> = {};
      for (const id of ["eu-west-1", "us-east-1"]) words[id] = (await page.getByTestId(`region-health-${id}`).textContent())!.trim();
      return words;
    };
    // The overview reads a stored model that follows collection within seconds: poll until both have caught up.
    await expect.poll(async () => JSON.stringify(await overview()) === JSON.stringify(await regionsPage()), { timeout: 30_000 }).toBe(true);
    const words = await regionsPage();
    expect(words["eu-west-1"]).toBe("degraded");
    await expect(page.getByTestId("region-health-why-eu-west-1")).toContainText("paging");
    const api = (await (await page.request.get("/api/v1/regions")).json()) as { regions: Array<{ id: string; health: string }> };
    expect(Object.fromEntries(api.regions.map((r) => [r.id, r.health]))).toEqual(words);
    await page.goto("/regions/eu-west-1");
    await expect(page.getByTestId("region-health")).toHaveText(words["eu-west-1"]);
    expect((await (await page.request.get("/api/v1/regions/eu-west-1")).json()).summary.health).toBe(words["eu-west-1"]);
  });

  test("the API answers with freshness, 404 for an unknown region and 400 for unknown parameters", async ({ page }) => {
    const list = await page.request.get("/api/v1/regions");
    const body = await list.json();
    expect(body).toMatchObject({ fetchedAt: expect.any(String), staleSources: expect.any(Array) });
    expect(body.regions.map((r: { id: string }) => r.id)).toEqual(["eu-west-1", "us-east-1"]);
    const one = await (await page.request.get("/api/v1/regions/eu-west-1")).json();
    expect(one.clusters.map((c: { id: string }) => c.id).sort()).toEqual(["apps-prod-euw1", "bcs-prod-euw1"]);
    expect(one.services.find((s: { service: string }) => s.service === "substrate-validator").role).toBe("active");
    expect((await page.request.get("/api/v1/regions/mars-north-1")).status()).toBe(404);
    expect((await page.request.get("/api/v1/regions?colour=red")).status()).toBe(400);
    const page404 = await page.goto("/regions/mars-north-1");
    expect(page404?.status()).toBe(404);
  });
});
