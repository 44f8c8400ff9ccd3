import type { BackupConfig } from "./config-schema";

/**
 * A service's last successful backup as one source reports it. `known: false` when the source
 * answered but cannot tell (a metric with no series): unknown, which is not the same as "never".
 */
export type BackupReading = { lastSuccessAt: string | null; known: boolean; detail: string };

/** Reads last-backup times; one implementation per source kind (RDS/Aurora snapshots, Prometheus). */
export interface BackupSource {
  getLastBackup(backup: BackupConfig, signal: AbortSignal): Promise<BackupReading>;
}
