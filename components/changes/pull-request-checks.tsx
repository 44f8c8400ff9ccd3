import { Badge, type Tone } from "@/components/ui/badge";
import { formatUtc } from "@/lib/format";

/** What the page hands over of a check run (lib/integrations/github/queries.ts builds it). */
export type PullRequestCheck = { name: string; status: string | null; conclusion: string | null; url: string | null; syncedAt: string | null; error: string | null };

const CONCLUSION_TONE: Record<string, Tone> = { success: "ok", failure: "bad", action_required: "info", neutral: "neutral", cancelled: "neutral", skipped: "neutral", timed_out: "bad" };

function checkWord(c: PullRequestCheck): { word: string; tone: Tone } {
  if (c.conclusion) return { word: c.conclusion.replace("_", " "), tone: CONCLUSION_TONE[c.conclusion] ?? "neutral" };
  if (c.status === "in_progress") return { word: "in progress", tone: "info" };
  return { word: c.status ?? "not sent yet", tone: "neutral" };
}

/** The change's pull request and the check runs Meridian keeps on it (GitHub integration). */
export function PullRequestChecks({ commitSha, prUrl, checks }: { commitSha: string | null; prUrl: string | null; checks: PullRequestCheck[] }) {
  if (!commitSha && !prUrl) return null;
  return (
    <div className="card small" data-testid="pull-request" style={{ marginBottom: 14 }}>
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        {prUrl && <span>Pull request <a href={prUrl} rel="noreferrer noopener">{prUrl}</a></span>}
        {commitSha && <span>Commit <span className="mono">{commitSha}</span></span>}
      </div>
      {checks.length > 0 && (
        <ul className="small" data-testid="github-checks" style={{ margin: "6px 0 0", paddingLeft: 18 }}>
          {checks.map((c) => {
            const { word, tone } = checkWord(c);
            return (
              <li key={c.name}>
                <span className="mono">{c.name}</span> <Badge tone={tone}>{word}</Badge>{" "}
                {c.url && <a href={c.url} rel="noreferrer noopener">on GitHub</a>}
                {c.syncedAt && <span className="muted"> · updated {formatUtc(c.syncedAt)}</span>}
                {c.error && <span className="muted"> · last attempt failed: {c.error}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
