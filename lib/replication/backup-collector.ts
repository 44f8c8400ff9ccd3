import "server-only";
import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createRds, type Rds } from "@/lib/sources/aws-rds";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import type { BackupReading, BackupSource } from "./backup-source";
import type { BackupConfig } from "./config-schema";
import { createPrometheusBackupSource } from "./providers/prometheus-backups";
import { createRdsBackupSource } from "./providers/rds-backups";

export const BACKUPS_KIND = "backups";

/** What one backup job stores (snapshot kind "backups", key "<region>/<service>"). */
export type BackupSnapshot = BackupReading & { service: string; region: string };

export function backupKey(b: Pick<BackupConfig, "region" | "service">): string {
  return `${b.region}/${b.service}`;
}

export function backupJobName(b: Pick<BackupConfig, "source" | "region" | "service">): string {
  return `${b.source}/${BACKUPS_KIND}/${backupKey(b)}`;
}

/** A BackupSource for one configured source (RDS through the aws source's credentials and endpoint, or Prometheus); close() frees its clients. */
export function createBackupSource(source: SourceConfig): BackupSource & { close(): void } {
  if (source.kind === "prometheus") {
    const token = source.bearerToken ? readSecretRef(source.bearerToken.slice("env:".length)) : undefined;
    return { ...createPrometheusBackupSource(createPrometheusClient({ url: source.url ?? "", timeoutMs: source.timeout, bearerToken: token })), close: () => undefined };
  }
  const clients = new Map<string, Rds>();
  const rds = createRdsBackupSource((region) => {
    // Keys, the default chain, or an assumed role: as every AWS source (an unset variable is named).
    const client = clients.get(region) ?? createRds({ region, credentials: getAwsCredentials(source, { region }), endpoint: source.endpoints?.rds ?? source.endpoint, timeoutMs: source.timeout });
    clients.set(region, client);
    return client;
  });
  return { ...rds, close: () => clients.forEach((c) => c.destroy()) };
}

function jobFor(backup: BackupConfig, source: SourceConfig): CollectionJob {
  return {
    name: backupJobName(backup),
    source,
    intervalMs: source.interval,
    timeoutMs: source.timeout,
    async collect(signal) {
      const reader = createBackupSource(source);
      const reading = await reader.getLastBackup(backup, signal).finally(() => reader.close());
      const data: BackupSnapshot = { ...reading, service: backup.service, region: backup.region };
      return [{ kind: BACKUPS_KIND, key: backupKey(backup), data }];
    },
  };
}

export const backupsCollector: CollectorDomain = {
  domain: BACKUPS_KIND,
  jobsFor: (config: MeridianConfig) =>
    config.backups.flatMap((b) => {
      const source = config.sources.find((s) => s.name === b.source);
      return source ? [jobFor(b, source)] : [];
    }),
};
