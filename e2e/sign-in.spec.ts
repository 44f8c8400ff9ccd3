import { expect, test } from "./test";
import { DEMO_USERS, signIn } from "./helpers";

test.describe("sign-in and roles", () => {
  for (const user of DEMO_USERS) {
    test(`${user} signs in and sees the navigation`, async ({ page }) => {
      await signIn(page, user);
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const item of ["Overview", "Regions", "Deployments", "Replication", "Costs", "SLOs", "Changes", "Failovers", "Audit"]) {
        await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
      }
      // Settings is an admin page: only the admin sees it in the navigation.
      await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(user === "admin" ? 1 : 0);
    });
  }

  test("the viewer gets 403 on settings", async ({ page }) => {
    await signIn(page, "viewer");
    const response = await page.goto("/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByText("403 — not allowed")).toBeVisible();
  });

  test("a wrong password shows a clear error and signs nobody in", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("User name").fill("approver");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong user name or password.");
    const res = await page.request.get("/api/v1/me");
    expect(res.status()).toBe(401);
  });

  test("anonymous pages go to sign-in", async ({ page }) => {
    await page.goto("/deployments");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the overview renders and a screenshot is kept", async ({ page }, testInfo) => {
    await signIn(page, "commander");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^eu-west-1:/ })).toBeVisible();
    const shot = await page.screenshot({ path: "e2e/artifacts/overview.png", fullPage: true });
    await testInfo.attach("overview", { body: shot, contentType: "image/png" });
  });

  test("dark mode toggles and is remembered", async ({ page }) => {
    await signIn(page, "viewer");
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole("button", { name: /Switch to/ }).click();
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(after).not.toBe(before);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
  });
});
