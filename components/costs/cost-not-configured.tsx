/** Costs without a Cost Explorer source: the reason, and how to give the console one. */
export function CostNotConfigured({ reason }: { reason: string }) {
  return (
    <section className="card" role="status" data-testid="costs-not-configured">
      <h2>Cost Explorer is not configured</h2>
      <p className="alert warn">{reason}</p>
      <p>To read AWS billing data, give the console credentials of an IAM principal allowed <code>ce:GetCostAndUsage</code>, <code>ce:GetCostForecast</code> and <code>ce:GetAnomalies</code>:</p>
      <ol>
        <li>Set the variables the source names in its <code>accessKeyId</code> / <code>secretAccessKey</code> (and <code>sessionToken</code>), or remove them to use the AWS SDK&apos;s default chain (environment, shared config/SSO profile, web identity, container or instance role); <code>roleArn</code> assumes a role on top. Settings checks them.</li>
        <li>Optionally set the source&apos;s <code>interval</code> (how long answers are cached; 6 h when unset or under 1 h). Each Cost Explorer request costs $0.01.</li>
        <li>Restart the console.</li>
      </ol>
      <pre>{`sources:\n  - { name: aws-billing, kind: cost-explorer, interval: 6h, roleArn: "arn:aws:iam::123456789012:role/meridian-billing" }`}</pre>
    </section>
  );
}
