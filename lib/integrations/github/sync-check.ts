import "server-only";
import { createHash } from "node:crypto";
import type { Octokit } from "@octokit/rest";
import { changeUrl } from "@/lib/changes/record-change";
import { getChangeDetail } from "@/lib/changes/queries";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { enqueueMirrorSync, type MirroredSubject } from "@/lib/jobs/mirror";
import { log } from "@/lib/observability/log";
import { createGithubClient, describeGithubError, parsePullRequestUrl, type PullRequestRef } from "@/lib/sources/github";
import { renderAggregateCheck, renderChangeCheck, verdictFor, type RenderedCheck } from "./render-check";
import { consoleLink, getGithubSettings, type GithubSettings } from "./settings";

/** The job that brings a change's check runs up to date (a MIRRORS entry, lib/jobs/mirror.ts). */
export const GITHUB_CHECK_JOB = "github-check" as const;

function hashOf(check: RenderedCheck): string {
  return createHash("sha256").update(JSON.stringify(check)).digest("hex");
}

// Installation tokens are cached by octokit per client; one client per installation and process.
const clients = new Map<string, Octokit>();

async function installationClient(settings: GithubSettings, pr: PullRequestRef): Promise<Octokit> {
  const repoFullName = `${pr.owner}/${pr.repo}`;
  const key = `${settings.baseUrl ?? ""}|${settings.appId}|${settings.requestTimeoutMs ?? ""}|${repoFullName}`;
  const cached = clients.get(key);
  if (cached) return cached;
  try {
    const app = createGithubClient(settings, undefined, settings.requestTimeoutMs);
    const { data } = await app.rest.apps.getRepoInstallation({ owner: pr.owner, repo: pr.repo });
    await db().githubInstallation.upsert({ where: { repoFullName }, create: { repoFullName, installationId: BigInt(data.id), checkedAt: new Date(), error: null }, update: { installationId: BigInt(data.id), checkedAt: new Date(), error: null } });
    const client = createGithubClient(settings, data.id, settings.requestTimeoutMs);
    clients.set(key, client);
    return client;
  } catch (error) {
    const message = describeGithubError(error);
    await db().githubInstallation.upsert({ where: { repoFullName }, create: { repoFullName, installationId: null, checkedAt: new Date(), error: message }, update: { checkedAt: new Date(), error: message } });
    throw error;
  }
}

/** For tests: forget cached clients (a new App key or server). */
export function resetGithubClientsForTests(): void {
  clients.clear();
}

function body(check: RenderedCheck) {
  return {
    name: check.name,
    status: check.status,
    ...(check.conclusion ? { conclusion: check.conclusion, completed_at: new Date().toISOString() } : {}),
    details_url: check.detailsUrl,
    output: { title: check.title, summary: check.summary },
  };
}

/**
 * Creates the check run the first time and PATCHes the same run afterwards; sends nothing when what
 * it would send is what was last sent. A failure is stored in words (Settings) and thrown, so
 * graphile-worker retries the job with backoff.
 */
async function pushCheck(client: Octokit, subject: string, where: { owner: string; repo: string; headSha: string; changeId: string | null; externalId: string }, check: RenderedCheck): Promise<"created" | "updated" | "unchanged"> {
  const renderHash = hashOf(check);
  let row = await db().githubCheckRun.upsert({
    where: { subject },
    create: { subject, changeId: where.changeId, owner: where.owner, repo: where.repo, headSha: where.headSha, name: check.name },
    update: {},
  });
  // A re-plan for another commit (or pull request) gets a run of its own there; the old run stays as last sent.
  if (row.headSha !== where.headSha || row.owner !== where.owner || row.repo !== where.repo) {
    row = await db().githubCheckRun.update({ where: { subject }, data: { owner: where.owner, repo: where.repo, headSha: where.headSha, name: check.name, checkRunId: null, renderHash: null } });
  }
  if (row.checkRunId !== null && row.renderHash === renderHash) return "unchanged";
  try {
    let checkRunId = row.checkRunId;
    if (checkRunId === null) {
      const { data } = await client.rest.checks.create({ owner: where.owner, repo: where.repo, head_sha: where.headSha, external_id: where.externalId, ...body(check) });
      checkRunId = BigInt(data.id);
    } else {
      await client.rest.checks.update({ owner: where.owner, repo: where.repo, check_run_id: Number(checkRunId), ...body(check) });
    }
    await db().githubCheckRun.update({ where: { subject }, data: { checkRunId, renderHash, status: check.status, conclusion: check.conclusion, lastSyncedAt: new Date(), lastError: null, lastErrorAt: null } });
    return row.checkRunId === null ? "created" : "updated";
  } catch (error) {
    const message = describeGithubError(error);
    await db().githubCheckRun.update({ where: { subject }, data: { lastError: message, lastErrorAt: new Date() } });
    log.warn("github: check run update failed; the job retries", { subject, error: message });
    throw error;
  }
}

/**
 * Renders a change's whole current state onto its check run `meridian: <workspace>`, then queues the
 * aggregated `meridian` check of its commit. Reads everything afresh: a late or repeated run still
 * shows the truth. Changes without both a pull request URL and a commit have no check.
 */
export async function syncGithubCheck(subject: MirroredSubject): Promise<void> {
  if (subject.type !== "change") return;
  const settings = getGithubSettings();
  if (!settings) return;
  const change = await db().changeRequest.findUnique({ where: { id: subject.id }, select: { prUrl: true, commitSha: true } });
  if (!change?.prUrl || !change.commitSha) return;
  const pr = parsePullRequestUrl(change.prUrl);
  if (!pr) return;
  await withFreshClients(async () => {
    const client = await installationClient(settings, pr);
    const detail = await getChangeDetail(subject.id);
    await pushCheck(client, `change:${subject.id}`, { owner: pr.owner, repo: pr.repo, headSha: change.commitSha!, changeId: subject.id, externalId: subject.id }, renderChangeCheck(detail, url(subject.id)));
  });
  // The commit's aggregate is rendered by a job of its own, one at a time per commit: two workspaces'
  // syncs finishing together never race to create it, nor send an older rendering after a newer one.
  const key = aggregateKey(pr, change.commitSha);
  await enqueueJob(db(), GITHUB_AGGREGATE_JOB, { prUrl: change.prUrl, commitSha: change.commitSha } satisfies GithubAggregateJob, { maxAttempts: 20, jobKey: key, queueName: key });
}

export const GITHUB_AGGREGATE_JOB = "github-aggregate" as const;
export type GithubAggregateJob = { prUrl: string; commitSha: string };

const aggregateKey = (pr: PullRequestRef, sha: string) => `${GITHUB_AGGREGATE_JOB}:${pr.owner}/${pr.repo}@${sha}`;
const url = (changeId: string) => consoleLink(changeUrl(changeId));

/** The aggregated `meridian` check of one commit: every workspace's latest change for it, read afresh. */
export async function syncGithubAggregate(job: GithubAggregateJob): Promise<void> {
  const settings = getGithubSettings();
  const pr = parsePullRequestUrl(job.prUrl);
  if (!settings || !pr) return;
  // Every workspace's latest change for this commit in this repository (a re-plan is the same change).
  const siblings = await db().changeRequest.findMany({
    where: { commitSha: job.commitSha, prUrl: { startsWith: `${new URL(pr.url).origin}/${pr.owner}/${pr.repo}/pull/` } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const latest = new Map<string, Awaited<ReturnType<typeof getChangeDetail>>>();
  for (const s of siblings) {
    const d = await getChangeDetail(s.id);
    latest.set(d.workspace, d);
  }
  const members = [...latest.values()].map((d) => {
    const v = verdictFor({ ...d, hasChanges: d.summary.hasChanges });
    return { workspace: d.workspace, number: d.number, state: d.state, hasChanges: d.summary.hasChanges, conclusion: v.conclusion, title: v.title, url: url(d.id) };
  });
  const aggregate = renderAggregateCheck(job.commitSha, members, consoleLink("/changes"));
  await withFreshClients(async () => {
    const client = await installationClient(settings, pr);
    await pushCheck(client, `aggregate:${pr.owner}/${pr.repo}@${job.commitSha}`, { owner: pr.owner, repo: pr.repo, headSha: job.commitSha, changeId: null, externalId: `commit:${job.commitSha}` }, aggregate);
  });
}

/** Refused credentials or a lost installation: the retry looks the installation up afresh. */
async function withFreshClients(push: () => Promise<void>): Promise<void> {
  try {
    await push();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401 || status === 403 || status === 404) clients.clear();
    throw error;
  }
}

/**
 * The SLO gate moves without an audit event (burn rates change by themselves), so every few minutes
 * this queues a sync for each open change that has a check run; the sync sends nothing when the
 * rendered check is unchanged, so a quiet gate costs GitHub nothing.
 */
export async function sweepGithubChecks(): Promise<number> {
  if (!getGithubSettings()) return 0;
  const open = await db().githubCheckRun.findMany({ where: { changeId: { not: null } }, select: { changeId: true } });
  const ids = [...new Set(open.map((o) => o.changeId as string))];
  if (!ids.length) return 0;
  const live = await db().changeRequest.findMany({ where: { id: { in: ids }, state: { in: ["proposed", "approved"] } }, select: { id: true } });
  for (const c of live) {
    await enqueueMirrorSync(db(), GITHUB_CHECK_JOB, { type: "change", id: c.id });
  }
  return live.length;
}
