import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getConfig, setConfigForProcess } from "@/lib/config/store";
import { planChange } from "@/lib/changes/plan-change";
import { getChangeDetail } from "@/lib/changes/queries";
import { reviewChange } from "@/lib/changes/review-change";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { signSlackRequest } from "@/lib/sources/slack";
import { people, startChangesSandbox, type ChangesSandbox } from "@/tests/support/changes";
import { startTestWorker } from "@/tests/support/jobs";
import { describeWithTool } from "@/tests/support/require-tool";
import { approveValue, blocksText, slackClicker, startSlackServer, until } from "@/tests/support/slack-server";
import { hasTerraform, NO_TERRAFORM_REASON } from "@/tests/support/terraform";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { POST as interactions } from "@/app/api/v1/integrations/slack/interactions/route";
import { ACTION_APPROVE } from "./blocks";
import { confirmSlackLink, createLinkOffer } from "./link-identity";

// The SLO gate is another domain's; clear here.
vi.mock("@/lib/slos/queries", () => ({ getChangeGate: async () => ({ blocked: false, reasons: [], unknown: [] }) }));

const TOKEN = "xoxb-test-bot-token";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM = "T0MERIDIAN";

const tf = (rev: string) => `
resource "terraform_data" "api" {
  input = { service = "leaderboard-api", revision = "${rev}" }
}
`;

let database: TestDatabase;
let worker: { stop: () => Promise<void> };
let sandbox: ChangesSandbox;
let slack: Awaited<ReturnType<typeof startSlackServer>>;

let clicker: ReturnType<typeof slackClicker>;
const click = (c: { user: string; value: string; action?: string; signature?: string | null; timestamp?: number }) => clicker.click({ action: ACTION_APPROVE, ...c });
const replyTo = (user: string, after: number) => clicker.replyTo(user, after);

async function messageFor(changeId: string, planSha256: string) {
  return until(`Slack message for ${changeId}`, async () => {
    const row = await db().slackMessage.findFirst({ where: { subjectId: changeId, version: planSha256, ts: { not: null } } });
    return row ? { row, msg: slack.messages.get(row.ts!)! } : null;
  });
}

/** Links a Slack user to a Meridian user through the offer and confirmation, unless already linked (each test stands alone). */
async function link(slackUser: string, who: (typeof people)[keyof typeof people]) {
  if (await db().slackIdentity.findUnique({ where: { teamId_slackUserId: { teamId: TEAM, slackUserId: slackUser } } })) return;
  const url = await createLinkOffer({ teamId: TEAM, userId: slackUser, userName: slackUser.toLowerCase() });
  await confirmSlackLink(who, new URL(url).searchParams.get("token")!, "test");
}

async function workspace(name: string, approvals: number) {
  await sandbox.addWorkspace(name, tf("1"), { policy: { approvals, approverRoles: ["approver", "incident-commander"], approvalTtl: 86_400_000, freezeWindows: [], sloGate: true } as never });
  const config = getConfig();
  setConfigForProcess({ ...config, integrations: { slack: { botToken: "env:SLACK_BOT_TOKEN", signingSecret: "env:SLACK_SIGNING_SECRET", baseUrl: slack.baseUrl, channels: { default: "#ops-approvals", workspaces: {}, runbooks: {} } } } });
}

describeWithTool("Slack approvals", hasTerraform() ? null : NO_TERRAFORM_REASON, () => {
  beforeAll(async () => {
    database = await startTestDatabase();
    slack = await startSlackServer({ token: TOKEN });
    clicker = slackClicker({ handler: interactions, secret: SECRET, team: TEAM, sign: signSlackRequest, server: slack });
    process.env.SLACK_BOT_TOKEN = TOKEN;
    process.env.SLACK_SIGNING_SECRET = SECRET;
    process.env.NEXTAUTH_URL = "https://meridian.example.test";
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    for (const p of Object.values(people)) await db().user.create({ data: { id: p.id, username: p.username, displayName: p.displayName, role: p.role, provider: "demo" } });
    sandbox = await startChangesSandbox();
    worker = await startTestWorker(database.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await slack?.close();
    delete process.env.SLACK_BOT_TOKEN;
    delete process.env.SLACK_SIGNING_SECRET;
    delete process.env.NEXTAUTH_URL;
    resetEnvForTests();
    await database?.stop();
  });

  it("a change needing two approvals is approved by two linked Slack users, and the message shows both; the requester's own click is refused with a reason", async () => {
    await workspace("two-approvals", 2);
    await link("U0OPERATOR", people.operator);
    await link("U0APPROVER", people.approver);
    await link("U0APPROVER2", people.approver2);
    const planned = await planChange(people.operator, { workspace: "two-approvals", title: "bump api" }, "test");
    const { msg } = await messageFor(planned.id, planned.planSha256);
    const posted = slack.calls.find((c) => c.method === "chat.postMessage" && blocksText(c.args.blocks).includes(`Change #`))!;
    expect(posted.token).toBe(TOKEN);
    expect(posted.args.channel).toBe("#ops-approvals");
    const shown = blocksText(msg.blocks);
    expect(shown).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
    expect(shown).toContain("Approvals 0 of 2");
    expect(shown).toContain("Requested by operator");
    expect(shown).toContain("*Workspace*\ntwo-approvals");
    expect(JSON.stringify(msg.blocks)).toContain(`"url":"https://meridian.example.test/changes/${planned.id}"`);
    expect(shown).toMatch(/eu-west-1 \((active|dormant)\)/);
    expect(shown).toContain("Applies are started in Meridian");
    const value = approveValue(msg.blocks);
    expect(JSON.parse(value)).toEqual({ k: "change", id: planned.id, sha: planned.planSha256 });

    let mark = slack.calls.length;
    expect((await click({ user: "U0OPERATOR", value })).res.status).toBe(200);
    expect(await replyTo("U0OPERATOR", mark)).toBe("Refused as operator: you requested this change, and someone else must review it (four-eyes). Nothing was changed.");
    expect((await getChangeDetail(planned.id)).state).toBe("proposed");

    mark = slack.calls.length;
    await click({ user: "U0APPROVER", value });
    expect(await replyTo("U0APPROVER", mark)).toContain("Approved as approver: the change is now proposed");
    mark = slack.calls.length;
    await click({ user: "U0APPROVER2", value });
    expect(await replyTo("U0APPROVER2", mark)).toContain("Approved as approver2: the change is now approved");
    expect((await getChangeDetail(planned.id)).state).toBe("approved");

    const final = await until("the message to show both approvals", async () => {
      const m = slack.messages.get(msg.ts)!;
      return blocksText(m.blocks).includes("Approved by approver, approver2 at") ? m : null;
    });
    expect(blocksText(final.blocks)).toContain("Approvals 2 of 2: approver, approver2");
    expect(() => approveValue(final.blocks)).toThrow(/no Approve button/);
    const refused = await db().auditEvent.findFirst({ where: { action: "access.denied", targetId: planned.id } });
    expect(refused?.actorName).toBe("operator");
    expect(refused?.outcome).toBe("denied");
    expect(refused?.details).toMatchObject({ via: "slack", slackUser: "U0OPERATOR", slackTeam: TEAM });
  });

  it("an unsigned, wrongly signed, 6-minute-old or replayed payload is refused with 401, changes nothing, and is audited", async () => {
    await workspace("signatures", 1);
    const planned = await planChange(people.operator, { workspace: "signatures", title: "sig" }, "test");
    const { msg } = await messageFor(planned.id, planned.planSha256);
    const value = approveValue(msg.blocks);
    const before = await db().slackInteraction.count();
    const auditsBefore = await db().auditEvent.count({ where: { action: "slack.interaction-refused" } });

    const unsigned = await click({ user: "U0APPROVER", value, signature: null });
    const wrong = await click({ user: "U0APPROVER", value, signature: signSlackRequest("not-the-secret", String(Math.floor(Date.now() / 1000)), "x") });
    const old = await click({ user: "U0APPROVER", value, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    for (const r of [unsigned, wrong, old]) {
      expect(r.res.status).toBe(401);
      expect(r.res.headers.get("content-type")).toBe("application/problem+json");
    }
    // A valid click by a user with no link (changes nothing either way), then the very same request again.
    const first = await click({ user: "U0NOBODY", value });
    expect(first.res.status).toBe(200);
    const replay = await first.resend();
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { detail: string }).detail).toMatch(/replay/);

    expect(await db().slackInteraction.count()).toBe(before + 1);
    const audits = await db().auditEvent.findMany({ where: { action: "slack.interaction-refused" }, orderBy: { seq: "asc" }, skip: auditsBefore });
    expect(audits.map((a) => a.reason)).toEqual(["signature missing", "signature mismatch", "signature stale", "replayed payload"]);
    expect(audits.every((a) => a.outcome === "denied")).toBe(true);
    await replyTo("U0NOBODY", 0);
    const detail = await getChangeDetail(planned.id);
    expect(detail.state).toBe("proposed");
    expect(detail.approvals).toHaveLength(0);

    // Without integrations.slack the endpoint does not exist: 404 problem+json, before any signature is read.
    const configured = getConfig();
    setConfigForProcess({ ...configured, integrations: undefined });
    try {
      const off = await click({ user: "U0APPROVER", value });
      expect(off.res.status).toBe(404);
      expect(off.res.headers.get("content-type")).toBe("application/problem+json");
    } finally {
      setConfigForProcess(configured);
    }
  });

  it("a re-planned change: the old message's Approve is refused in words (409) and the old message reads superseded; the new plan gets its own message", async () => {
    await workspace("replan", 1);
    await link("U0APPROVER", people.approver);
    const planned = await planChange(people.operator, { workspace: "replan", title: "replan" }, "test");
    const { msg: oldMsg } = await messageFor(planned.id, planned.planSha256);
    const oldValue = approveValue(oldMsg.blocks);
    await sandbox.writeMainTf("replan", tf("2"));
    const replanned = await planChange(people.operator2, { workspace: "replan", changeId: planned.id }, "test");
    expect(replanned.planSha256).not.toBe(planned.planSha256);
    const { msg: newMsg } = await messageFor(planned.id, replanned.planSha256);
    expect(newMsg.ts).not.toBe(oldMsg.ts);
    expect(approveValue(newMsg.blocks)).toContain(replanned.planSha256);
    await until("the old message to read superseded", async () => blocksText(slack.messages.get(oldMsg.ts)!.blocks).includes("Superseded by plan revision 2"));

    const mark = slack.calls.length;
    await click({ user: "U0APPROVER", value: oldValue });
    expect(await replyTo("U0APPROVER", mark)).toMatch(/^Refused as approver: The plan changed since you reviewed it: the change now holds plan [0-9a-f]{12}, you reviewed [0-9a-f]{12}\. Review the new plan\. Nothing was changed\.$/);
    const row = await db().slackInteraction.findFirst({ where: { slackUserId: "U0APPROVER" }, orderBy: { receivedAt: "desc" } });
    expect(row?.outcome).toMatch(/^409 /);
    const detail = await getChangeDetail(planned.id);
    expect(detail.state).toBe("proposed");
    expect(detail.approvals.filter((a) => a.current)).toHaveLength(0);
    expect(blocksText(slack.messages.get(oldMsg.ts)!.blocks)).not.toContain("Approve");
  });

  it("an approval made in the console updates the Slack message; Slack answering 429 is retried after Retry-After", async () => {
    await workspace("console", 1);
    const planned = await planChange(people.operator, { workspace: "console", title: "console" }, "test");
    const { msg } = await messageFor(planned.id, planned.planSha256);
    slack.rateLimitNext("chat.update", 1);
    const mark = slack.calls.length;
    await reviewChange(people.approver, planned.id, "approve", { planSha256: planned.planSha256 }, "test");
    await until("the message to show the console's approval", async () => blocksText(slack.messages.get(msg.ts)!.blocks).includes("Approved by approver at"));
    const updates = slack.calls.slice(mark).filter((c) => c.method === "chat.update" && c.args.ts === msg.ts);
    expect(updates.length).toBe(2);
    // The first was answered 429 (Retry-After: 1); the job came back no sooner than Slack asked.
    expect(updates[1].at - updates[0].at).toBeGreaterThanOrEqual(1000);
  });

  it("the link flow: an unlinked click changes nothing; after linking, the same click approves as that Meridian user and the audit row names both identities", async () => {
    await workspace("linking", 1);
    const planned = await planChange(people.operator, { workspace: "linking", title: "link" }, "test");
    const { msg } = await messageFor(planned.id, planned.planSha256);
    const value = approveValue(msg.blocks);
    let mark = slack.calls.length;
    await click({ user: "U0COMMANDER", value });
    const reply = await replyTo("U0COMMANDER", mark);
    expect(reply).toMatch(/^Link your account first: <https:\/\/meridian\.example\.test\/account\/slack-link\?token=[^|]+\|/);
    expect((await getChangeDetail(planned.id)).approvals).toHaveLength(0);
    const denied = await db().auditEvent.findFirst({ where: { action: "slack.click-refused", targetId: planned.id } });
    expect(denied?.outcome).toBe("denied");

    const token = new URL(/<([^|]+)\|/.exec(reply)![1]).searchParams.get("token")!;
    const linked = await confirmSlackLink(people.commander, token, "test");
    expect(linked).toMatchObject({ teamId: TEAM, slackUserId: "U0COMMANDER", slackUserName: "u0commander" });
    await expect(confirmSlackLink(people.approver, token, "test")).rejects.toThrow(/expired or was already used/);

    mark = slack.calls.length;
    // The reply is rate limited once: it is sent after Retry-After, and the click is decided once.
    slack.rateLimitNext("chat.postEphemeral", 1);
    await click({ user: "U0COMMANDER", value });
    const replies = await until("the reply sent again after the 429", async () => {
      const sent = slack.calls.slice(mark).filter((c) => c.method === "chat.postEphemeral" && c.args.user === "U0COMMANDER");
      return sent.length === 2 ? sent : null;
    });
    expect(replies.map((r) => r.args.text)).toEqual([replies[0].args.text, replies[0].args.text]);
    expect(String(replies[1].args.text)).toContain("Approved as commander: the change is now approved");
    expect(await db().auditEvent.count({ where: { action: "change.approved", targetId: planned.id } })).toBe(1);
    const approved = await db().auditEvent.findFirst({ where: { action: "change.approved", targetId: planned.id } });
    expect(approved?.actorId).toBe(people.commander.id);
    expect(approved?.actorName).toBe("commander");
    expect(approved?.details).toMatchObject({ via: "slack", slackUser: "U0COMMANDER", slackTeam: TEAM, role: "incident-commander" });
    const linkAudit = await db().auditEvent.findFirst({ where: { action: "slack.linked", actorId: people.commander.id } });
    expect(linkAudit?.details).toMatchObject({ slackTeam: TEAM, slackUser: "U0COMMANDER" });
  });
});
