import path from "node:path";
import { afterAll, beforeAll, expect, it, describe, vi } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { getFailover } from "@/lib/failovers/queries";
import { requestFailover } from "@/lib/failovers/request-failover";
import type { ReadinessRow } from "@/lib/replication/queries";
import { signSlackRequest } from "@/lib/sources/slack";
import { people } from "@/tests/support/changes";
import { startTestWorker } from "@/tests/support/jobs";
import { approveValue, blocksText, slackClicker, startSlackServer, until } from "@/tests/support/slack-server";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { POST as interactions } from "@/app/api/v1/integrations/slack/interactions/route";
import { confirmSlackLink, createLinkOffer } from "./link-identity";

// Readiness is another domain's: ready, with 2 s of expected data loss.
vi.mock("@/lib/replication/queries", () => {
  const row = (service: string, expectedDataLossSec: number) =>
    ({ service, serviceName: service, tier: "critical", from: "eu-west-1", to: "us-east-1", verdict: "ready", reasons: [], checks: [], links: [], expectedDataLossSec, evaluatedAt: new Date().toISOString(), lastKnownDataLoss: null, lagAsOf: null, dataAsOf: null }) satisfies ReadinessRow;
  return { listReadinessRows: async () => ({ readiness: [row("leaderboard-api", 2), row("leaderboard-db", 2)], freshness: { fetchedAt: null, staleSources: [] } }), getServiceReadiness: async () => null };
});

const TOKEN = "xoxb-failover-bot";
const SECRET = "failover-signing-secret-0123456789";
const TEAM = "T0MERIDIAN";

let database: TestDatabase;
let worker: { stop: () => Promise<void> };
let slack: Awaited<ReturnType<typeof startSlackServer>>;

describe("Slack approvals of a failover", () => {
  beforeAll(async () => {
    database = await startTestDatabase();
    slack = await startSlackServer({ token: TOKEN });
    process.env.SLACK_BOT_TOKEN = TOKEN;
    process.env.SLACK_SIGNING_SECRET = SECRET;
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    resetEnvForTests();
    for (const p of Object.values(people)) await db().user.create({ data: { id: p.id, username: p.username, displayName: p.displayName, role: p.role, provider: "demo" } });
    const base = loadConfigFile(path.resolve("config/demo.yaml"));
    setConfigForProcess({ ...base, integrations: { slack: { botToken: "env:SLACK_BOT_TOKEN", signingSecret: "env:SLACK_SIGNING_SECRET", baseUrl: slack.baseUrl, channels: { workspaces: {}, runbooks: { "leaderboard-api": "C0LEADERBOARD" } } } } });
    worker = await startTestWorker(database.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await slack?.close();
    delete process.env.SLACK_BOT_TOKEN;
    delete process.env.SLACK_SIGNING_SECRET;
    resetEnvForTests();
    await database?.stop();
  });

  it("posts to the runbook's channel with runbook, readiness and data loss; a linked incident commander's Approve binds to the runbook version and target, and the failover is not started", async () => {
    const clicker = slackClicker({ handler: interactions, secret: SECRET, team: TEAM, sign: signSlackRequest, server: slack });
    const url = await createLinkOffer({ teamId: TEAM, userId: "U0IC", userName: "ic" });
    await confirmSlackLink(people.commander, new URL(url).searchParams.get("token")!, "test");
    const run = await requestFailover(people.operator, { service: "leaderboard-api", to: "us-east-1", mode: "failover", reason: "test" }, "test");
    const detail = await getFailover(run.id);
    const posted = await until("the failover message", async () => slack.calls.find((c) => c.method === "chat.postMessage"));
    expect(posted.args.channel).toBe("C0LEADERBOARD");
    const text = blocksText(posted.args.blocks);
    expect(text).toContain(`Failover #${detail.number} · leaderboard-api eu-west-1 → us-east-1`);
    expect(text).toContain(detail.runbookVersion.slice(0, 12));
    expect(text).toContain("2 s of writes");
    expect(text).toContain("Failovers are executed in Meridian");
    const value = approveValue(posted.args.blocks as unknown[]);
    expect(JSON.parse(value)).toEqual({ k: "failover-run", id: run.id, rv: detail.runbookVersion, to: "us-east-1" });

    // A button carrying another target is refused by the decision, in its words.
    let mark = slack.calls.length;
    await clicker.click({ user: "U0IC", action: "meridian.approve", value: JSON.stringify({ k: "failover-run", id: run.id, rv: detail.runbookVersion, to: "eu-west-1" }) });
    expect(await clicker.replyTo("U0IC", mark)).toBe("Refused as commander: You approved a failover to eu-west-1, but this one goes to us-east-1. Nothing was changed.");

    mark = slack.calls.length;
    await clicker.click({ user: "U0IC", action: "meridian.approve", value });
    expect(await clicker.replyTo("U0IC", mark)).toBe("Approved as commander: the failover is now approved. Execute it in Meridian.");
    const after = await getFailover(run.id);
    expect(after.state).toBe("approved");
    expect(after.approvals.map((a) => a.approver)).toEqual(["commander"]);
    // Approved, not started: no execute job was queued.
    expect(await db().$queryRaw<unknown[]>`SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = 'execute-failover'`).toHaveLength(0);
    await until("the message to read approved", async () => [...slack.messages.values()].some((m) => blocksText(m.blocks).includes("Approved by commander at")));
    const audit = await db().auditEvent.findFirst({ where: { action: "failover.approved", targetId: run.id } });
    expect(audit?.details).toMatchObject({ via: "slack", slackUser: "U0IC", slackTeam: TEAM });
  });
});
