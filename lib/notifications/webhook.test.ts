import { describe, expect, it } from "vitest";
import { startWebhookCapture } from "@/tests/support/webhook-capture";
import { buildSlackMessage, sendChangeNotice, type ChangeNotice } from "./webhook";

const notice: ChangeNotice = { event: "failed", changeNumber: 7, changeId: "c1", workspace: "leaderboard-eu-west-1", title: "<script>x</script>", actor: "operator", planLine: "Plan: 1 to add, 0 to change, 0 to destroy.", url: "/changes/c1" };

describe("webhook notifications", () => {
  it("builds Slack-compatible JSON with plan text escaped", () => {
    const msg = buildSlackMessage(notice);
    expect(msg.text).toBe("Change #7 in leaderboard-eu-west-1 failed to apply (operator): <script>x</script>");
    expect(JSON.stringify(msg.blocks)).toContain("&lt;script&gt;");
  });

  it("posts to the hook, and a failing or unreachable hook returns false without throwing", async () => {
    const hook = await startWebhookCapture();
    const { bodies, url } = hook;
    try {
      expect(await sendChangeNotice(notice, url)).toBe(true);
      expect(bodies[0]).toMatchObject({ text: expect.stringContaining("failed to apply"), blocks: [expect.objectContaining({ type: "section" })] });
      hook.status = 500;
      expect(await sendChangeNotice(notice, url)).toBe(false);
    } finally {
      await hook.close();
    }
    expect(await sendChangeNotice(notice, "http://127.0.0.1:9/")).toBe(false);
    expect(await sendChangeNotice(notice, undefined)).toBe(false);
  });
});
