import { Badge } from "@/components/ui/badge";
import { formatUtc } from "@/lib/format";

/** What Settings shows of the GitHub integration (lib/integrations/github/queries.ts builds it). */
export type GithubHealthView = {
  configured: boolean;
  problem: string | null;
  installations: Array<{ repo: string; installationId: number | null; checkedAt: string; error: string | null }>;
  lastDelivery: { id: string; event: string; action: string | null; outcome: string; detail: string | null; at: string } | null;
  deliveries24h: number;
  lastUpdate: { name: string; repo: string; headSha: string; conclusion: string | null; status: string | null; syncedAt: string | null; error: string | null; errorAt: string | null } | null;
  failing: number;
};

/** Settings → GitHub checks: the App's installations, the last delivery and the last check-run update, errors in words. */
export function GithubHealthSection({ health }: { health: GithubHealthView }) {
  return (
    <section className="card" aria-labelledby="github-h" data-testid="github-health">
      <h2 id="github-h">GitHub checks</h2>
      {!health.configured ? (
        <p className="muted">Not configured. Add <code>integrations.github</code> (appId, privateKey, webhookSecret as <code>env:</code> references) to show each change&apos;s review as a check run on its pull request; the README says how.</p>
      ) : (
        <>
          {health.problem ? <p className="alert bad small">The integration is off: {health.problem}.</p> : <p className="small"><Badge tone="ok">configured</Badge> Webhook: <code>POST /api/v1/integrations/github/webhook</code></p>}
          <table className="table small">
            <tbody>
              <tr>
                <th scope="row">Installations</th>
                <td>
                  {health.installations.length === 0 ? <span className="muted">No repository looked up yet (one is, when a change names a pull request).</span> : (
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {health.installations.map((i) => (
                        <li key={i.repo}><span className="mono">{i.repo}</span>{" "}{i.installationId !== null && !i.error ? <Badge tone="ok">installed</Badge> : <Badge tone="bad">not found</Badge>} <span className="muted">checked {formatUtc(i.checkedAt)}</span>{i.error && <> · {i.error}</>}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">Last delivery</th>
                <td>{health.lastDelivery ? <><span className="mono">{health.lastDelivery.event}{health.lastDelivery.action ? `.${health.lastDelivery.action}` : ""}</span> {health.lastDelivery.outcome} {formatUtc(health.lastDelivery.at)}{health.lastDelivery.detail && <> · {health.lastDelivery.detail}</>} <span className="muted">({health.deliveries24h} in 24 h)</span></> : <span className="muted">None received yet: check the App&apos;s webhook URL and secret.</span>}</td>
              </tr>
              <tr>
                <th scope="row">Last check-run update</th>
                <td>
                  {health.lastUpdate ? (
                    <>
                      <span className="mono">{health.lastUpdate.name}</span> on {health.lastUpdate.repo}@<span className="mono">{health.lastUpdate.headSha.slice(0, 12)}</span>{" "}
                      {health.lastUpdate.error ? <><Badge tone="bad">failing</Badge> {health.lastUpdate.error}{health.lastUpdate.errorAt && ` (${formatUtc(health.lastUpdate.errorAt)})`}</> : <Badge tone="ok">{health.lastUpdate.conclusion ?? health.lastUpdate.status ?? "sent"}</Badge>}
                      {health.lastUpdate.syncedAt && <span className="muted"> · last landed {formatUtc(health.lastUpdate.syncedAt)}</span>}
                    </>
                  ) : <span className="muted">None sent yet.</span>}
                  {health.failing > 0 && <div className="small">{health.failing} check run{health.failing === 1 ? "" : "s"} failing their last update; each is retried with backoff.</div>}
                </td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
