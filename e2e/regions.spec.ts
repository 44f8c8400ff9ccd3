import { expect, test } from "@playwright/test";
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
