import { Badge } from "@/components/ui/badge";
import { listAwsCredentialStatus } from "@/lib/config/aws-credential-status";

/** Settings → AWS credentials: streamed on its own, since each check is a call to STS. */
export async function AwsCredentialsSection() {
  const sources = await listAwsCredentialStatus();
  return (
    <section className="card" aria-labelledby="aws-credentials-h" data-testid="aws-credentials">
      <h2 id="aws-credentials-h">AWS credentials</h2>
      {sources.length === 0 && <p className="muted">No source calls AWS. Sources of kind <code>eks</code>, <code>cloudwatch</code>, <code>cost-explorer</code> and <code>aws</code> (failover steps) do.</p>}
      {sources.length > 0 && (
        <table className="table small">
          <thead>
            <tr><th>Source</th><th>Kind</th><th>Credentials from</th><th>Check (STS GetCallerIdentity)</th></tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.name} data-testid={`aws-credentials-${s.name}`}>
                <td className="mono">{s.name}</td>
                <td>{s.kind}</td>
                <td>{s.from}</td>
                <td>
                  {s.ok ? <Badge tone="ok">works</Badge> : <Badge tone="bad">fails</Badge>}{" "}
                  {s.identity ? <span className="mono">{s.identity.arn} (account {s.identity.account})</span> : s.problem}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Without keys a source uses the SDK&apos;s default chain; <code>roleArn</code> (and <code>externalId</code>) assume a role on top. Checked when this page loads.</p>
    </section>
  );
}
