import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { NotFoundError } from "@/lib/http/errors";
import { enqueueMirrorSync, mirrorJobKey, type MirroredSubject } from "@/lib/jobs/mirror";
import { log } from "@/lib/observability/log";
import { isRateLimited, slackErrorCode } from "@/lib/sources/slack";
import { renderMessage, type MessageView } from "./blocks";
import { channelFor, getSlackSettings, slackClient } from "./settings";
import { getChangeView, getFailoverView } from "./views";

export type SlackSyncJob = MirroredSubject;
export const SLACK_SYNC_JOB = "slack-sync" as const;

type Current = { view: MessageView; awaiting: boolean; channelKey: string; revision: number | null };

async function readCurrent(subject: SlackSyncJob): Promise<Current | null> {
  try {
    if (subject.type === "change") {
      const { view, detail } = await getChangeView(subject.id);
      return { view, awaiting: detail.state === "proposed" && detail.policy.required > 0, channelKey: detail.workspace, revision: detail.planRevision };
    }
    const { view, detail } = await getFailoverView(subject.id);
    return { view, awaiting: detail.state === "requested" && (detail.policy?.required ?? 1) > 0, channelKey: detail.service, revision: null };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

const hashOf = (rendered: unknown) => createHash("sha256").update(JSON.stringify(rendered)).digest("hex");

/**
 * Brings every Slack message of one change or failover run up to its current state: a message for an
 * older plan reads superseded, the current plan's message is posted once (when it awaits approval)
 * and otherwise updated in place. Reads the subject afresh and compares with what each message last
 * showed, so a late or repeated run changes nothing that is already true.
 */
export async function syncSlackMessages(subject: SlackSyncJob): Promise<void> {
  const settings = getSlackSettings();
  if (!settings) return;
  const client = slackClient(settings);
  const jobKey = mirrorJobKey(SLACK_SYNC_JOB, subject);
  // One sync per subject at a time comes from the job's own queue (lib/jobs/mirror.ts), not from a
  // lock held here: no connection waits while Slack answers, however slowly.
  const current = await readCurrent(subject);
  if (!current) return;
  try {
    await syncWithin(db(), subject, current, client, settings);
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    // Slack said when to come back: the job is queued for then (durably), not retried sooner.
    log.info("slack: rate limited; sync rescheduled", { subject: jobKey, retryAfterS: error.retryAfter });
    await enqueueMirrorSync(db(), SLACK_SYNC_JOB, subject, new Date(Date.now() + error.retryAfter * 1000));
  }
}

async function syncWithin(tx: Tx, subject: SlackSyncJob, current: Current, client: ReturnType<typeof slackClient>, settings: NonNullable<ReturnType<typeof getSlackSettings>>) {
  const rows = await tx.slackMessage.findMany({ where: { subjectType: subject.type, subjectId: subject.id }, orderBy: { createdAt: "asc" } });
  const version = current.view.action.version;
  for (const row of rows) {
    if (row.version === version || !row.ts || !row.shownView) continue;
    const before = row.shownView as unknown as MessageView;
    const line = subject.type === "change" ? `Superseded by plan revision ${current.revision}: this plan can no longer be approved` : "Superseded";
    await show(tx, client, row, { ...before, outcome: line });
  }
  let row = rows.find((r) => r.version === version) ?? null;
  if (!row) {
    if (!current.awaiting) return;
    const channel = channelFor(settings, subject.type, current.channelKey);
    if (!channel) return; // No channel for this subject in the YAML: nothing is posted.
    row = await tx.slackMessage.create({ data: { subjectType: subject.type, subjectId: subject.id, version, planRevision: current.revision, channel } });
  }
  // Never posted and no longer asking for anything: nobody saw it, so there is nothing to correct.
  if (!row.ts && current.view.outcome !== null) return;
  await show(tx, client, row, current.view);
}

type Row = Awaited<ReturnType<Tx["slackMessage"]["findFirstOrThrow"]>>;

async function show(tx: Tx, client: ReturnType<typeof slackClient>, row: Row, view: MessageView) {
  const rendered = renderMessage(view);
  const hash = hashOf(rendered);
  if (row.ts && row.shownHash === hash) return;
  const shown = { shownHash: hash, shownState: view.outcome ?? "awaiting approval", shownView: view as unknown as Prisma.InputJsonValue };
  if (!row.ts) {
    const res = await client.chat.postMessage({ channel: row.channel, text: rendered.text, blocks: rendered.blocks as never, unfurl_links: false });
    await tx.slackMessage.update({ where: { id: row.id }, data: { ...shown, ts: res.ts ?? null, channel: res.channel ?? row.channel, postedAt: new Date() } });
    return;
  }
  try {
    await client.chat.update({ channel: row.channel, ts: row.ts, text: rendered.text, blocks: rendered.blocks as never });
  } catch (error) {
    // Deleted in Slack: there is nothing left to keep true.
    if (slackErrorCode(error) !== "message_not_found") throw error;
    log.warn("slack: message was deleted in Slack; no longer updated", { id: row.id });
  }
  await tx.slackMessage.update({ where: { id: row.id }, data: shown });
}
