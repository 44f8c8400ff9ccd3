import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  PromoteReadReplicaCommand,
  RDSClient,
  SwitchoverGlobalClusterCommand,
  type GlobalCluster,
} from "@aws-sdk/client-rds";
import { callAws } from "./aws-action-error";
import { toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// RDS / Aurora promotion calls. RDS speaks the awsQuery protocol (form-encoded POST /, Action=…,
// Version=2014-10-31, XML answers wrapped in <…Result>); the SDK handles the wire format.

export type RdsOptions = AwsClientAuth & { region: string; endpoint?: string; timeoutMs?: number; maxAttempts?: number };

export type GlobalClusterMember = { arn: string; isWriter: boolean; readers: string[] };
export type GlobalClusterState = {
  id: string;
  status: string | null;
  members: GlobalClusterMember[];
  writer: string | null;
  /** A switchover or failover in flight: status pending/failing-over/cancelling. */
  failover: { status: string | null; from: string | null; to: string | null; dataLossAllowed: boolean } | null;
};

/** One RDS or Aurora snapshot as the API reports it; `createdAt` is null while it is being created. */
export type RdsSnapshot = { id: string; of: string; createdAt: string | null; status: string | null; type: string | null };

/** RDS pages describe calls with Marker; a runaway listing stops here. */
const MAX_SNAPSHOT_PAGES = 20;

function toState(gc: GlobalCluster | undefined, id: string): GlobalClusterState {
  const members = (gc?.GlobalClusterMembers ?? []).map((m) => ({ arn: m.DBClusterArn ?? "", isWriter: m.IsWriter === true, readers: m.Readers ?? [] }));
  const fs = gc?.FailoverState;
  return {
    id: gc?.GlobalClusterIdentifier ?? id,
    status: gc?.Status ?? null,
    members,
    writer: members.find((m) => m.isWriter)?.arn ?? null,
    failover: fs ? { status: fs.Status ?? null, from: fs.FromDbClusterArn ?? null, to: fs.ToDbClusterArn ?? null, dataLossAllowed: fs.IsDataLossAllowed === true } : null,
  };
}

export function createRds(opts: RdsOptions) {
  const client = new RDSClient({
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: toSdkCredentials(opts),
    maxAttempts: opts.maxAttempts ?? 3,
  });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const where = `RDS ${opts.region}`;

  return {
    /** Promotes an RDS read replica to a standalone instance (no way back to replica: rollback is manual). */
    async promoteReadReplica(instanceId: string, signal?: AbortSignal): Promise<{ id: string; status: string | null; sourceWas: string | null }> {
      const out = await callAws(where, "PromoteReadReplica", timeoutMs, signal, (abortSignal) =>
        client.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: instanceId }), { abortSignal }),
      );
      return { id: out.DBInstance?.DBInstanceIdentifier ?? instanceId, status: out.DBInstance?.DBInstanceStatus ?? null, sourceWas: out.DBInstance?.ReadReplicaSourceDBInstanceIdentifier ?? null };
    },

    /** Planned, no-data-loss move of the global database's writer (both regions must be healthy). */
    async switchoverGlobalCluster(globalClusterId: string, targetClusterArn: string, signal?: AbortSignal): Promise<GlobalClusterState> {
      const out = await callAws(where, "SwitchoverGlobalCluster", timeoutMs, signal, (abortSignal) =>
        client.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: globalClusterId, TargetDbClusterIdentifier: targetClusterArn }), { abortSignal }),
      );
      return toState(out.GlobalCluster, globalClusterId);
    },

    /** Unplanned failover for a lost primary region: accepts losing what had not replicated. */
    async failoverGlobalCluster(globalClusterId: string, targetClusterArn: string, signal?: AbortSignal): Promise<GlobalClusterState> {
      const out = await callAws(where, "FailoverGlobalCluster", timeoutMs, signal, (abortSignal) =>
        client.send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: globalClusterId, TargetDbClusterIdentifier: targetClusterArn, AllowDataLoss: true }), { abortSignal }),
      );
      return toState(out.GlobalCluster, globalClusterId);
    },

    async describeGlobalCluster(globalClusterId: string, signal?: AbortSignal): Promise<GlobalClusterState> {
      const out = await callAws(where, "DescribeGlobalClusters", timeoutMs, signal, (abortSignal) =>
        client.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: globalClusterId }), { abortSignal }),
      );
      return toState(out.GlobalClusters?.[0], globalClusterId);
    },

    /** Polls until `targetArn` is the writer and no failover is in flight; the caller's signal bounds it. */
    async waitForWriter(globalClusterId: string, targetArn: string, opts: { pollMs: number; signal: AbortSignal; onPoll?: (s: GlobalClusterState) => void }): Promise<GlobalClusterState> {
      for (;;) {
        const s = await this.describeGlobalCluster(globalClusterId, opts.signal);
        opts.onPoll?.(s);
        if (s.writer === targetArn && (s.failover === null || s.failover.status === "completed")) return s;
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, opts.pollMs);
          opts.signal.addEventListener("abort", () => (clearTimeout(t), reject(opts.signal.reason)), { once: true });
        });
      }
    },

    /** Every snapshot of an Aurora cluster (automated and manual), all pages. */
    async listClusterSnapshots(clusterId: string, signal?: AbortSignal): Promise<RdsSnapshot[]> {
      const out: RdsSnapshot[] = [];
      let marker: string | undefined;
      for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
        const res = await callAws(where, "DescribeDBClusterSnapshots", timeoutMs, signal, (abortSignal) =>
          client.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: clusterId, Marker: marker, MaxRecords: 100 }), { abortSignal }),
        );
        for (const s of res.DBClusterSnapshots ?? [])
          out.push({ id: s.DBClusterSnapshotIdentifier ?? "", of: s.DBClusterIdentifier ?? clusterId, createdAt: s.SnapshotCreateTime?.toISOString() ?? null, status: s.Status ?? null, type: s.SnapshotType ?? null });
        marker = res.Marker;
        if (!marker) break;
      }
      return out;
    },

    /** Every snapshot of an RDS instance (automated and manual), all pages. */
    async listInstanceSnapshots(instanceId: string, signal?: AbortSignal): Promise<RdsSnapshot[]> {
      const out: RdsSnapshot[] = [];
      let marker: string | undefined;
      for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
        const res = await callAws(where, "DescribeDBSnapshots", timeoutMs, signal, (abortSignal) =>
          client.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instanceId, Marker: marker, MaxRecords: 100 }), { abortSignal }),
        );
        for (const s of res.DBSnapshots ?? [])
          out.push({ id: s.DBSnapshotIdentifier ?? "", of: s.DBInstanceIdentifier ?? instanceId, createdAt: s.SnapshotCreateTime?.toISOString() ?? null, status: s.Status ?? null, type: s.SnapshotType ?? null });
        marker = res.Marker;
        if (!marker) break;
      }
      return out;
    },

    destroy(): void {
      client.destroy();
    },
  };
}

export type Rds = ReturnType<typeof createRds>;
