import "server-only";
import { existsSync } from "node:fs";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { kubernetesClusters, loadSourceKubeConfig } from "@/lib/sources/kubernetes-config";
import { AwsCredentialsError, getAwsCredentials, type AwsCredentialProvider } from "@/lib/sources/aws-credentials";
import { createRds, type Rds } from "@/lib/sources/aws-rds";
import { createRoute53 } from "@/lib/sources/aws-route53";
import { createRoutingControl } from "@/lib/sources/aws-route53-arc";
import { createKubernetesScaler } from "@/lib/sources/kubernetes-scale";
import type { RunbookConfig } from "@/lib/runbooks/config-schema";
import { createCommandRunner, type LiveProviders, type RunCommand } from "./live-executors";
import { awsSourceFor } from "@/lib/config/aws-source";

// Builds the failover executors' providers from configuration: AWS calls take the credentials of an
// `aws` source (one per region, or one for all; keys, the default chain, and/or a role to assume), Kubernetes scaling the kubeconfig of the `kubernetes`
// source that reads the cluster. Everything a runbook needs is resolved up front, so a console
// without credentials refuses the run with what to set instead of failing at step three.

export type LiveProvidersOptions = {
  /** Check only what this runbook's steps call; default every configured runbook. */
  runbook?: RunbookConfig;
  /** Check only what a run to this region calls (its rollback calls the same); default every target. */
  to?: string;
  resolveSecret?: (name: string) => string | undefined;
  /** Working folder for runbook commands (default the console's own). */
  cwd?: string;
  runCommand?: RunCommand;
};

type Needs = { rdsRegions: Set<string>; route53: boolean; arc: boolean; clusters: Set<string> };

/** What the runbooks' steps will call (for runs to `to`, or to anywhere): RDS in which API regions, Route 53, ARC, which clusters. */
export function getProviderNeeds(runbooks: RunbookConfig[], to?: string): Needs {
  const targets = (map: Record<string, string>) => Object.keys(map).filter((r) => to === undefined || r === to);
  const needs: Needs = { rdsRegions: new Set(), route53: false, arc: false, clusters: new Set() };
  for (const step of runbooks.flatMap((rb) => rb.steps)) {
    if (step.type === "promote" && step.method === "aurora-global") for (const t of targets(step.targetCluster)) needs.rdsRegions.add(step.apiRegion?.[t] ?? t);
    if (step.type === "promote" && step.method === "rds-promote") for (const t of targets(step.replica)) needs.rdsRegions.add(t);
    if (step.type === "shift-traffic") {
      if (step.method === "route53-arc") needs.arc = true;
      else needs.route53 = true;
    }
    if (step.type === "scale") for (const t of targets(step.cluster)) needs.clusters.add(step.cluster[t]);
  }
  return needs;
}


export function createLiveProviders(config: MeridianConfig, opts: LiveProvidersOptions = {}): LiveProviders | { missing: string[] } {
  const resolve = opts.resolveSecret ?? readSecretRef;
  const needs = getProviderNeeds(opts.runbook ? [opts.runbook] : config.runbooks, opts.to);
  const missing: string[] = [];
  const creds = new Map<string, AwsCredentialProvider>();

  const credentialsOf = (source: SourceConfig | null, what: string, region: string | null): void => {
    if (!source) {
      missing.push(`a source of kind "aws" ${region ? `for ${region} ` : ""}(${what})`);
      return;
    }
    if (creds.has(source.name)) return;
    try {
      creds.set(source.name, getAwsCredentials(source, { resolve, region: region ?? source.regions?.[0] }));
    } catch (error) {
      if (!(error instanceof AwsCredentialsError) || error.reason !== "not-configured") throw error;
      for (const m of error.missing) if (!missing.includes(m)) missing.push(m);
    }
  };
  for (const region of needs.rdsRegions) credentialsOf(awsSourceFor(config, region), "RDS promotion", region);
  if (needs.route53) credentialsOf(awsSourceFor(config, null), "Route 53", null);
  if (needs.arc) credentialsOf(awsSourceFor(config, null), "Route 53 ARC", null);

  const kube = new Map<string, { source: SourceConfig; context: string }>();
  for (const id of needs.clusters) {
    const reader = config.sources.filter((s) => s.kind === "kubernetes").flatMap((source) => kubernetesClusters(config, source).filter((c) => c.id === id).map((c) => ({ source, context: c.context })))[0];
    if (!reader) missing.push(`a source of kind "kubernetes" covering cluster ${id}, and clusters.${id}.context`);
    else if (!reader.source.kubeconfig) missing.push(`sources.${reader.source.name}.kubeconfig (for cluster ${id})`);
    else if (!existsSync(reader.source.kubeconfig)) missing.push(`the kubeconfig file ${reader.source.kubeconfig} (sources.${reader.source.name}.kubeconfig; not found)`);
    else kube.set(id, reader);
  }
  if (missing.length > 0) return { missing };

  const withKeys = (source: SourceConfig | null, what: string): { source: SourceConfig; credentials: AwsCredentialProvider } => {
    const credentials = source ? creds.get(source.name) : undefined;
    // Only reached for something the runbook did not declare (checked above for what it does).
    if (!source || !credentials) throw new Error(`no credentials for ${what}: add a source of kind "aws" for it`);
    return { source, credentials };
  };
  const rdsClients = new Map<string, Rds>();
  return {
    rds(region) {
      const hit = rdsClients.get(region);
      if (hit) return hit;
      const { source, credentials } = withKeys(awsSourceFor(config, region), `RDS in ${region}`);
      const client = createRds({ credentials, region, endpoint: source.endpoints?.rds ?? source.endpoint, timeoutMs: source.timeout });
      rdsClients.set(region, client);
      return client;
    },
    route53() {
      const { source, credentials } = withKeys(awsSourceFor(config, null), "Route 53");
      return createRoute53({ credentials, endpoint: source.endpoints?.route53 ?? source.endpoint, timeoutMs: source.timeout });
    },
    arc(endpoints) {
      // ARC's cluster endpoints come from the runbook step; only the keys come from the source.
      const { source, credentials } = withKeys(awsSourceFor(config, null), "Route 53 ARC");
      return createRoutingControl({ credentials, endpoints, timeoutMs: source.timeout });
    },
    kubernetes(clusterId) {
      const reader = kube.get(clusterId);
      if (!reader) throw new Error(`cluster ${clusterId} is not reachable from any kubernetes source`);
      // Reads the kubeconfig per step, so rotated credentials are picked up.
      return createKubernetesScaler(loadSourceKubeConfig(reader.source, reader.context), { context: reader.context, timeoutMs: reader.source.timeout });
    },
    runCommand: opts.runCommand ?? createCommandRunner(opts.cwd ?? process.cwd()),
  };
}

export { awsSourceFor };
