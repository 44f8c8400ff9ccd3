import { describe, expect, it } from "vitest";
import { startWebhookCapture } from "@/tests/support/webhook-capture";
import { buildFailoverMessage, sendFailoverNotice, type FailoverNotice } from "./notify-failover";

const notice: FailoverNotice = { event: "started", runNumber: 3, runId: "r1", service: "leaderboard-api", from: "eu-west-1", to: "us-east-1", mode: "failover", actor: "commander", breakGlass: true, detail: "<eu down>", url: "/failovers/r1" };

describe("failover webhook", () => {
  it("says what moved where, flags break-glass and escapes detail text", () => {
    const msg = buildFailoverMessage(notice);
    expect(msg.text).toBe("Failover #3 of leaderboard-api eu-west-1 → us-east-1 started (commander) — BREAK-GLASS, review required");
    expect(JSON.stringify(msg.blocks)).toContain("&lt;eu down&gt;");
    expect(buildFailoverMessage({ ...notice, mode: "drill", event: "succeeded", breakGlass: false }).text).toMatch(/^Drill #3 .* succeeded/);
  });

  it("posts to the hook; a refusing or missing hook returns false", async () => {
    const hook = await startWebhookCapture();
    const { bodies, url } = hook;
    try {
      expect(await sendFailoverNotice(notice, url)).toBe(true);
      expect(bodies[0]).toMatchObject({ text: expect.stringContaining("leaderboard-api") });
      hook.status = 500;
      expect(await sendFailoverNotice(notice, url)).toBe(false);
    } finally {
      await hook.close();
    }
    expect(await sendFailoverNotice(notice, undefined)).toBe(false);
  });
});
