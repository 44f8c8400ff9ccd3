import { expect, test } from "./test";
import { signIn } from "./helpers";

test.describe("settings as a person reads it", () => {
  test("the configuration in sections with human durations, the raw YAML behind a toggle, every user, and Collect now", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, "admin");
    await page.goto("/settings");
    const config = page.getByTestId("effective-config");
    for (const heading of ["Regions and clusters", "Systems and services", "Replication links", "Terraform workspaces and their policies", "Failover runbooks", "SLOs and retention"])
      await expect(config.getByRole("heading", { name: heading })).toBeVisible();
    await expect(config).toContainText("30 s");
    await expect(config).toContainText("24 h");
    // Milliseconds are gone: 30 s was 30000, 24 h was 86400000.
    await expect(config).not.toContainText("86400000");
    // A height a person can read at 1440 px: the JSON alone took 13,000 px.
    const height = await config.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThan(4000);
    const raw = page.getByTestId("raw-config");
    await expect(raw).toBeHidden();
    await config.getByText(/^Raw YAML/).click();
    await expect(raw).toContainText("badDeploys:");

    // Demo sign-ins appear before their first use.
    const users = page.getByRole("region", { name: "Users" });
    for (const name of ["viewer", "approver2", "commander"]) await expect(users.locator("strong", { hasText: new RegExp(`^${name}$`) })).toBeVisible();

    await page.getByRole("button", { name: "Collect now" }).click();
    await expect(page.getByText(/\d+ jobs (collected|run)/)).toBeVisible();
  });
});
