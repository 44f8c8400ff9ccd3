import "server-only";
import type { SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { SourceUnavailableError } from "@/lib/http/errors";
import { createCloudWatch, type CloudWatch } from "@/lib/sources/aws-cloudwatch";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import type { LagSource } from "../lag-source";
import { createCloudWatchLagSource } from "./cloudwatch";
import { createPrometheusLagSource } from "./prometheus";

function secret(ref: string | undefined): string | undefined {
  return ref ? readSecretRef(ref.slice("env:".length)) : undefined;
}

/** A live source's replication lag: Prometheus or CloudWatch. */
export function createLiveLagSource(source: SourceConfig): LagSource {
  switch (source.kind) {
    case "prometheus": {
      if (!source.url) throw new SourceUnavailableError(`source ${source.name}: no url configured`);
      return createPrometheusLagSource(createPrometheusClient({ url: source.url, timeoutMs: source.timeout, bearerToken: secret(source.bearerToken) }));
    }
    case "cloudwatch": {
      const clients = new Map<string, CloudWatch>();
      return createCloudWatchLagSource((region) => {
        // Keys, the default chain, or an assumed role: as every AWS source (an unset variable is named).
        const client = clients.get(region) ?? createCloudWatch({ region, credentials: getAwsCredentials(source, { region }), endpoint: source.endpoint, timeoutMs: source.timeout });
        clients.set(region, client);
        return client;
      });
    }
    default:
      throw new SourceUnavailableError(`source ${source.name} (${source.kind}) cannot read replication lag`);
  }
}
