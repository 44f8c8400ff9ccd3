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
});
