import { reduceVector, type PrometheusClient } from "@/lib/sources/prometheus";
import type { BackupSource } from "../backup-source";

/**
 * Last backups from a metric holding the Unix time (seconds) of the last success, as backup jobs
 * export it (e.g. a Pushgateway's `backup_last_success_timestamp_seconds`). Several series → the
 * newest. No series or NaN: unknown (the metric is missing), not "never backed up".
 */
export function createPrometheusBackupSource(client: PrometheusClient): BackupSource {
  return {
    async getLastBackup(backup, signal) {
      const reduced = reduceVector(await client.query(backup.query ?? "", undefined, signal), "max");
      if (reduced.kind === "value" && Number.isFinite(reduced.value) && reduced.value > 0) {
        return { lastSuccessAt: new Date(reduced.value * 1000).toISOString(), known: true, detail: `from ${backup.query}` };
      }
      const why = reduced.kind === "no-data" ? "no series" : reduced.kind === "nan" ? "NaN" : "no usable value";
      return { lastSuccessAt: null, known: false, detail: `${backup.query} returned ${why}` };
    },
  };
}
