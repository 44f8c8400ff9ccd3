import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { checkAwsCredentials } from "@/lib/sources/aws-credentials";
import type { RunbookConfig } from "@/lib/runbooks/config-schema";
import { awsSourceFor } from "@/lib/config/aws-source";
import { getProviderNeeds } from "./live-providers";

// Before anyone approves: the AWS credentials a run to `to` would act with are proven now (STS
// GetCallerIdentity), so expired keys or a role nobody may assume show in the preflight instead
// of failing the promotion step in the middle of an incident.

export type CredentialReason = { check: "credentials"; verdict: "ready" | "not-ready"; message: string };

export type CheckCredentialsOptions = { resolveSecret?: (name: string) => string | undefined; timeoutMs?: number };

/** One reason per `aws` source the runbook's steps to `to` call: who AWS says it is, or why not. */
export async function checkExecutorCredentials(config: MeridianConfig, runbook: RunbookConfig, to: string, opts: CheckCredentialsOptions = {}): Promise<CredentialReason[]> {
  const needs = getProviderNeeds([runbook], to);
  const reasons: CredentialReason[] = [];
  const sources = new Map<string, { source: SourceConfig; region: string | undefined }>();
  const need = (source: SourceConfig | null, what: string, region: string | null) => {
    if (!source) reasons.push({ check: "credentials", verdict: "not-ready", message: `no source of kind "aws" ${region ? `for ${region} ` : ""}(${what})` });
    else if (!sources.has(source.name)) sources.set(source.name, { source, region: region ?? source.regions?.[0] });
  };
  for (const region of needs.rdsRegions) need(awsSourceFor(config, region), "RDS promotion", region);
  if (needs.route53) need(awsSourceFor(config, null), "Route 53", null);
  if (needs.arc) need(awsSourceFor(config, null), "Route 53 ARC", null);

  const checks = await Promise.all(
    [...sources.values()].map(async ({ source, region }) => ({
      source,
      result: await checkAwsCredentials(source, { resolve: opts.resolveSecret ?? readSecretRef, region, timeoutMs: opts.timeoutMs ?? Math.min(source.timeout, 10_000) }),
    })),
  );
  for (const { source, result } of checks) {
    reasons.push(
      result.ok
        ? { check: "credentials", verdict: "ready", message: `credentials for source ${source.name}: act as ${result.arn} (account ${result.account})` }
        : { check: "credentials", verdict: "not-ready", message: `credentials for source ${source.name}: ${result.message}` },
    );
  }
  return reasons;
}
