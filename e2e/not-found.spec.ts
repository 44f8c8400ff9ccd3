import { expect, test } from "./test";
import { signIn } from "./helpers";

// Pages with a loading state answer 200 once it streams; an unknown id must be decided before that.
test("an unknown change, failover run, region or link is a 404 page, not a 200 with an empty frame", async ({ page }) => {
  await signIn(page, "viewer");
  for (const path of ["/changes/no-such-change", "/failovers/no-such-run", "/regions/mars-north-1", "/replication/no-such-link"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
});
