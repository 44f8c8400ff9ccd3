import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRdsServer, type RdsServer } from "@/tests/support/rds-server";
import { AwsActionError } from "./aws-action-error";
import { createRds } from "./aws-rds";

const EU = "arn:aws:rds:eu-west-1:123456789012:cluster:leaderboard-euw1";
const US = "arn:aws:rds:us-east-1:123456789012:cluster:leaderboard-use1";
let server: RdsServer;

const rds = () => createRds({ region: "us-east-1", accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, timeoutMs: 2000, maxAttempts: 1 });

beforeAll(async () => {
  server = await startRdsServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
  server.globalClusters.set("leaderboard", {
    id: "leaderboard",
    status: "available",
    failover: null,
    members: [
      { arn: EU, isWriter: true, readers: [US] },
      { arn: US, isWriter: false, readers: [] },
    ],
  });
  server.clusterSnapshots.length = 0;
  server.dbSnapshots.length = 0;
  server.pageSize = 100;
  server.instances.set("indexer-db-use1", { id: "indexer-db-use1", status: "available", source: "arn:aws:rds:eu-west-1:123456789012:db:indexer-db-euw1" });
});

describe("RDS through the real SDK client (awsQuery XML)", () => {
  it("describes a global cluster: members, writer and readers from the XML", async () => {
    const s = await rds().describeGlobalCluster("leaderboard");
    expect(s).toMatchObject({ id: "leaderboard", status: "available", writer: EU, failover: null });
    expect(s.members).toEqual([
      { arn: EU, isWriter: true, readers: [US] },
      { arn: US, isWriter: false, readers: [] },
    ]);
    const req = server.requests[0];
    expect(req.params).toEqual({ Action: "DescribeGlobalClusters", Version: "2014-10-31", GlobalClusterIdentifier: "leaderboard" });
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(String(req.headers.authorization)).toMatch(/Credential=AKIDTEST\/\d{8}\/us-east-1\/rds\/aws4_request/);
  });

  it("switches over without data loss, then the writer is the target", async () => {
    const client = rds();
    const answer = await client.switchoverGlobalCluster("leaderboard", US);
    expect(answer.failover).toEqual({ status: "pending", from: EU, to: US, dataLossAllowed: false });
    expect(server.requests[0].params).toEqual({ Action: "SwitchoverGlobalCluster", Version: "2014-10-31", GlobalClusterIdentifier: "leaderboard", TargetDbClusterIdentifier: US });
    const done = await client.waitForWriter("leaderboard", US, { pollMs: 10, signal: AbortSignal.timeout(2000) });
    expect(done.writer).toBe(US);
  });

  it("fails over with AllowDataLoss when the primary is gone", async () => {
    const answer = await rds().failoverGlobalCluster("leaderboard", US);
    expect(server.requests[0].params).toMatchObject({ Action: "FailoverGlobalCluster", AllowDataLoss: "true", TargetDbClusterIdentifier: US });
    expect(answer.failover).toMatchObject({ dataLossAllowed: true, to: US });
    expect(answer.status).toBe("failing-over");
  });

  it("promotes a read replica", async () => {
    const out = await rds().promoteReadReplica("indexer-db-use1");
    expect(out).toEqual({ id: "indexer-db-use1", status: "modifying", sourceWas: "arn:aws:rds:eu-west-1:123456789012:db:indexer-db-euw1" });
    expect(server.requests[0].params).toEqual({ Action: "PromoteReadReplica", Version: "2014-10-31", DBInstanceIdentifier: "indexer-db-use1" });
  });

  it("turns error responses into typed errors with the AWS code", async () => {
    const missing = await rds().describeGlobalCluster("nope").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AwsActionError);
    expect(missing).toMatchObject({ kind: "not-found", code: "GlobalClusterNotFoundFault" });
    expect((missing as Error).message).toMatch(/RDS us-east-1 DescribeGlobalClusters: GlobalClusterNotFoundFault: Global cluster nope not found/);

    const already = await rds().switchoverGlobalCluster("leaderboard", EU).catch((e: unknown) => e);
    expect(already).toMatchObject({ kind: "conflict", code: "InvalidGlobalClusterStateFault" });

    server.faults.push({ action: "PromoteReadReplica", status: 403, code: "AccessDenied", message: "User is not authorized to perform: rds:PromoteReadReplica" });
    const denied = await rds().promoteReadReplica("indexer-db-use1").catch((e: unknown) => e);
    expect(denied).toMatchObject({ kind: "auth", code: "AccessDenied" });
    expect(server.instances.get("indexer-db-use1")?.source).not.toBeNull(); // nothing changed
  });

  it("lists an Aurora cluster's snapshots across Marker pages, dates parsed from the XML", async () => {
    server.pageSize = 2;
    for (let d = 1; d <= 5; d++) server.clusterSnapshots.push({ id: `rds:leaderboard-use1-2026-11-0${d}`, of: "leaderboard-use1", createdAt: `2026-11-0${d}T01:3${d}:00.000Z`, status: "available", type: "automated" });
    server.clusterSnapshots.push({ id: "other", of: "someone-else", createdAt: "2026-11-28T00:00:00.000Z", status: "available", type: "manual" });
    const list = await rds().listClusterSnapshots("leaderboard-use1");
    expect(list).toHaveLength(5);
    expect(list[4]).toEqual({ id: "rds:leaderboard-use1-2026-11-05", of: "leaderboard-use1", createdAt: "2026-11-05T01:35:00.000Z", status: "available", type: "automated" });
    expect(server.requests.map((r) => [r.params.Action, r.params.DBClusterIdentifier, r.params.Marker ?? null])).toEqual([
      ["DescribeDBClusterSnapshots", "leaderboard-use1", null],
      ["DescribeDBClusterSnapshots", "leaderboard-use1", "m-2"],
      ["DescribeDBClusterSnapshots", "leaderboard-use1", "m-4"],
    ]);
  });

  it("lists an RDS instance's snapshots, including one still being created (no time yet)", async () => {
    server.dbSnapshots.push({ id: "rds:indexer-db-use1-2026-11-28", of: "indexer-db-use1", createdAt: "2026-11-28T01:10:00.000Z", status: "available", type: "automated" });
    server.dbSnapshots.push({ id: "manual-now", of: "indexer-db-use1", createdAt: null, status: "creating", type: "manual" });
    const list = await rds().listInstanceSnapshots("indexer-db-use1");
    expect(list).toEqual([
      { id: "rds:indexer-db-use1-2026-11-28", of: "indexer-db-use1", createdAt: "2026-11-28T01:10:00.000Z", status: "available", type: "automated" },
      { id: "manual-now", of: "indexer-db-use1", createdAt: null, status: "creating", type: "manual" },
    ]);
    expect(server.requests[0].params).toMatchObject({ Action: "DescribeDBSnapshots", DBInstanceIdentifier: "indexer-db-use1", MaxRecords: "100" });
    server.faults.push({ action: "DescribeDBSnapshots", status: 403, code: "AccessDenied", message: "not authorized to perform: rds:DescribeDBSnapshots" });
    await expect(rds().listInstanceSnapshots("indexer-db-use1")).rejects.toMatchObject({ kind: "auth", code: "AccessDenied" });
  });
});
