import { expect, test } from "./test";
import { bearer, createToken, signIn } from "./helpers";

// Topology as recorded history, as people use it: the Regions page shows who is active since when
// and why; an admin records a failover done outside Meridian (audited); nobody else may; the failover
// form says what kind of drill will run before anyone approves it.

test.describe("topology", () => {
  test("Regions shows the recorded roles; an admin records a failover done outside Meridian and the record is audited; others may not", async ({ page }) => {
    await signIn(page, "operator");
    const operator = await createToken(page, "topology-operator");
    expect((await bearer(page.request, operator, "post", "/api/v1/topology/changes", { services: ["explorer"], activeRegion: "us-east-1", reason: "operators may not record this" })).status()).toBe(403);

    await signIn(page, "admin");
    await page.goto("/regions");
    const topology = page.getByTestId("topology");
    await expect(topology.getByTestId("topology-explorer")).toContainText("configuration");
    await expect(topology.getByTestId("topology-explorer").getByRole("cell").nth(1)).toContainText("active");
    // Bad input is refused before anything is recorded.
    expect((await page.request.post("/api/v1/topology/changes", { data: { services: ["explorer"], activeRegion: "us-east-1", reason: "short" } })).status()).toBe(400);
    expect((await page.request.post("/api/v1/topology/changes", { data: { services: ["explorer"], activeRegion: "mars-1", reason: "no such region exists" } })).status()).toBe(400);

    const form = page.getByRole("form", { name: "Record a failover done outside Meridian" });
    await form.getByLabel("Services").selectOption({ label: "Block explorer (explorer): explorer" });
    await form.getByLabel("Now active in").selectOption("us-east-1");
    await form.getByLabel(/Reason/).fill("e2e: the web team moved the explorer with the AWS console");
    await form.getByRole("button", { name: "Record" }).click();
    await expect(form.getByText("recorded")).toBeVisible();
    await expect(topology.getByTestId("topology-explorer")).toContainText("recorded by hand by admin");
    await expect(topology.getByTestId("topology-changes")).toContainText("explorer active in us-east-1");
    const api = await (await page.request.get("/api/v1/topology/explorer")).json();
    expect(api.periods.map((p: { activeRegion: string; cause: string }) => `${p.activeRegion} ${p.cause}`)).toEqual(["eu-west-1 configuration", "us-east-1 manual"]);
    const audit = await (await page.request.get("/api/v1/audit?action=topology.recorded&limit=5")).json();
    expect(audit.events[0]).toMatchObject({ actorName: "admin", reason: "e2e: the web team moved the explorer with the AWS console" });

    // Other specs share this console: put the explorer back (recorded too).
    const back = await page.request.post("/api/v1/topology/changes", { data: { services: ["explorer"], activeRegion: "eu-west-1", reason: "e2e puts the explorer back" } });
    expect(back.status()).toBe(201);
    await page.goto("/regions");
    await expect(page.getByTestId("topology-explorer")).toContainText("e2e puts the explorer back");
    await expect(page.getByTestId("topology-explorer").getByRole("cell").nth(1)).toContainText("active");
  });

  test("the failover form says which drill runs before approval: against the drill target, or a round trip with its fail-back", async ({ page }) => {
    await signIn(page, "operator");
    await page.goto("/failovers/new?service=leaderboard-api&to=us-east-1");
    await page.getByRole("radio", { name: /Drill \(rehearsal/ }).check();
    const kind = page.getByTestId("drill-kind");
    await expect(kind.getByRole("radio", { name: /Against Leaderboard staging stack/ })).toBeChecked();
    await expect(page.getByTestId("preflight-drill")).toContainText("drill target: Leaderboard staging stack");
    await expect(page.getByTestId("preflight-steps")).toContainText("api.staging.leaderboard.example.com");
    await kind.getByRole("radio", { name: /Round trip in production/ }).check();
    await expect(page.getByTestId("preflight-drill")).toContainText("round trip in production");
    await expect(page.getByTestId("preflight-drill")).toContainText("Approving approves both legs");
    await expect(page.getByTestId("preflight")).toContainText("eu-west-1 → us-east-1 → eu-west-1 (fail-back)");
    await expect(page.getByRole("button", { name: "Request drill" })).toBeEnabled();
  });
});
