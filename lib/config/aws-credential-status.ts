import { AWS_SOURCE_KINDS, type MeridianConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { checkAwsCredentials, describeAwsCredentials } from "@/lib/sources/aws-credentials";

// Settings → AWS credentials: for every source that calls AWS (the `aws` source of the failover
// steps included, which is never collected and so appears nowhere else), where its credentials
// come from and whether AWS accepts them now.

export type AwsCredentialStatus = {
  name: string;
  kind: string;
  /** "keys from A, B", "the default credential chain (…)", "…, then the role arn:…": never a value. */
  from: string;
  ok: boolean;
  /** Who AWS says the credentials are (STS GetCallerIdentity), when they work. */
  identity: { account: string; arn: string } | null;
  /** Why not: an unset variable, a refused role, keys AWS does not know. */
  problem: string | null;
};

export async function listAwsCredentialStatus(config: MeridianConfig = getConfig(), resolve?: (name: string) => string | undefined): Promise<AwsCredentialStatus[]> {
  const sources = config.sources.filter((s) => (AWS_SOURCE_KINDS as readonly string[]).includes(s.kind));
  return Promise.all(
    sources.map(async (s): Promise<AwsCredentialStatus> => {
      // Cost Explorer answers from us-east-1; the others from their first region (STS is regional).
      const region = s.kind === "cost-explorer" ? "us-east-1" : s.regions?.[0];
      const check = await checkAwsCredentials(s, { resolve, region, timeoutMs: Math.min(s.timeout, 5_000) });
      return {
        name: s.name,
        kind: s.kind,
        from: describeAwsCredentials(s),
        ok: check.ok,
        identity: check.ok ? { account: check.account, arn: check.arn } : null,
        problem: check.ok ? null : check.message,
      };
    }),
  );
}
