import "server-only";
import { db } from "@/lib/db/client";
import { getGithubSettingsProblem } from "./settings";

export type GithubHealth = {
  configured: boolean;
  /** What keeps the integration from working, in words (a secret not set), or null. */
  problem: string | null;
  /** The App's installation per repository a change's pull request named, as last looked up. */
  installations: Array<{ repo: string; installationId: number | null; checkedAt: string; error: string | null }>;
  lastDelivery: { id: string; event: string; action: string | null; outcome: string; detail: string | null; at: string } | null;
  deliveries24h: number;
  /** The newest check-run update attempted: when it last landed, and its error if the last attempt failed. */
  lastUpdate: { subject: string; name: string; repo: string; headSha: string; conclusion: string | null; status: string | null; syncedAt: string | null; error: string | null; errorAt: string | null } | null;
  /** Check runs whose last attempt failed (still retried by their jobs). */
  failing: number;
};

/** Settings' view of the GitHub integration: installation, last delivery, last check-run update, errors in words. */
export async function getGithubHealth(): Promise<GithubHealth> {
  const problem = getGithubSettingsProblem();
  const configured = problem === null || !problem.startsWith("not configured");
  const [installations, lastDelivery, deliveries24h, lastUpdate, failing] = await Promise.all([
    db().githubInstallation.findMany({ orderBy: { repoFullName: "asc" }, take: 50 }),
    db().githubDelivery.findFirst({ orderBy: { receivedAt: "desc" } }),
    db().githubDelivery.count({ where: { receivedAt: { gte: new Date(Date.now() - 86_400_000) } } }),
    db().githubCheckRun.findFirst({ orderBy: { updatedAt: "desc" } }),
    db().githubCheckRun.count({ where: { lastError: { not: null } } }),
  ]);
  return {
    configured,
    problem,
    installations: installations.map((i) => ({ repo: i.repoFullName, installationId: i.installationId === null ? null : Number(i.installationId), checkedAt: i.checkedAt.toISOString(), error: i.error })),
    lastDelivery: lastDelivery ? { id: lastDelivery.id, event: lastDelivery.event, action: lastDelivery.action, outcome: lastDelivery.outcome, detail: lastDelivery.detail, at: lastDelivery.receivedAt.toISOString() } : null,
    deliveries24h,
    lastUpdate: lastUpdate
      ? { subject: lastUpdate.subject, name: lastUpdate.name, repo: `${lastUpdate.owner}/${lastUpdate.repo}`, headSha: lastUpdate.headSha, conclusion: lastUpdate.conclusion, status: lastUpdate.status, syncedAt: lastUpdate.lastSyncedAt?.toISOString() ?? null, error: lastUpdate.lastError, errorAt: lastUpdate.lastErrorAt?.toISOString() ?? null }
      : null,
    failing,
  };
}

export type ChangeCheckView = { name: string; status: string | null; conclusion: string | null; url: string | null; syncedAt: string | null; error: string | null };

/** The change page's view of its check runs: its own and its commit's aggregated one, as last sent to GitHub. */
export async function listChangeChecks(changeId: string): Promise<ChangeCheckView[]> {
  const change = await db().changeRequest.findUnique({ where: { id: changeId }, select: { prUrl: true, commitSha: true } });
  if (!change?.prUrl || !change.commitSha) return [];
  const origin = (() => {
    try {
      return new URL(change.prUrl).origin;
    } catch {
      return null;
    }
  })();
  const own = await db().githubCheckRun.findUnique({ where: { subject: `change:${changeId}` } });
  const aggregate = own ? await db().githubCheckRun.findUnique({ where: { subject: `aggregate:${own.owner}/${own.repo}@${change.commitSha}` } }) : null;
  return [own, aggregate]
    .filter((r): r is NonNullable<typeof r> => r !== null)
    .map((r) => ({
      name: r.name,
      status: r.status,
      conclusion: r.conclusion,
      url: r.checkRunId !== null && origin ? `${origin}/${r.owner}/${r.repo}/runs/${r.checkRunId.toString()}` : null,
      syncedAt: r.lastSyncedAt?.toISOString() ?? null,
      error: r.lastError,
    }));
}
