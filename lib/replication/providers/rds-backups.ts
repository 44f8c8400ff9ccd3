import type { Rds, RdsSnapshot } from "@/lib/sources/aws-rds";
import type { BackupSource } from "../backup-source";

/** The newest snapshot that finished (status available): one being created or failed is no backup. */
export function newestAvailable(snapshots: RdsSnapshot[]): RdsSnapshot | null {
  let best: RdsSnapshot | null = null;
  for (const s of snapshots) if (s.status === "available" && s.createdAt && (!best || s.createdAt > best.createdAt!)) best = s;
  return best;
}

/** Last backups from RDS and Aurora snapshots (automated and manual), one client per region. */
export function createRdsBackupSource(rdsFor: (region: string) => Rds): BackupSource {
  return {
    async getLastBackup(backup, signal) {
      const rds = rdsFor(backup.region);
      const cluster = backup.rds?.cluster;
      const instance = backup.rds?.instance;
      const what = cluster ? `Aurora cluster ${cluster}` : `RDS instance ${instance}`;
      const list = cluster ? await rds.listClusterSnapshots(cluster, signal) : await rds.listInstanceSnapshots(instance ?? "", signal);
      const best = newestAvailable(list);
      if (!best) return { lastSuccessAt: null, known: true, detail: `no available snapshot of ${what} in ${backup.region}${list.length ? ` (${list.length} not finished)` : ""}` };
      return { lastSuccessAt: best.createdAt, known: true, detail: `${best.type ?? "snapshot"} ${best.id} of ${what} in ${backup.region}` };
    },
  };
}
