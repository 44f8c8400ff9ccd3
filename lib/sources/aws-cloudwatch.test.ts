import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCloudWatchServer, type CloudWatchServer } from "@/tests/support/cloudwatch-server";
import { CloudWatchError, createCloudWatch } from "./aws-cloudwatch";

const T0 = Date.parse("2025-06-01T12:00:00Z");
const dims = { DBInstanceIdentifier: "orders-replica-us-east-1" };
let server: CloudWatchServer;

function client(timeoutMs = 2000) {
  return createCloudWatch({ region: "us-east-1", accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, timeoutMs, maxAttempts: 1 });
}

beforeAll(async () => {
  server = await startCloudWatchServer([
    // 10 one-minute points: lag 0,1,…,9 s.
    { namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: dims, points: Array.from({ length: 10 }, (_, i) => [T0 + i * 60_000, i] as [number, number]) },
  ]);
});
afterAll(() => server.close());
beforeEach(() => {
  server.mode = "ok";
  server.pageSize = 1000;
  server.requests.length = 0;
});

describe("CloudWatch GetMetricData through the real SDK client", () => {
  it("sends AWS JSON 1.0 with the GetMetricData target, SigV4 and epoch-second times", async () => {
    const out = await client().getMetricSeries({ namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: dims, periodSec: 60 }, { start: T0, end: T0 + 600_000 });
    expect(out.points).toHaveLength(10);
    expect(out.points[3]).toEqual({ t: T0 + 180_000, v: 3 });
    const req = server.requests[0];
    expect(req.target).toBe("GraniteServiceVersion20100801.GetMetricData");
    expect(req.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(String(req.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/monitoring\/aws4_request/);
    expect(req.body.StartTime).toBe(T0 / 1000);
    expect(req.body.MetricDataQueries).toEqual([
      { Id: "m0", ReturnData: true, MetricStat: { Metric: { Namespace: "AWS/RDS", MetricName: "ReplicaLag", Dimensions: [{ Name: "DBInstanceIdentifier", Value: "orders-replica-us-east-1" }] }, Period: 60, Stat: "Average" } },
    ]);
  });

  it("follows NextToken across pages without losing or repeating points", async () => {
    server.pageSize = 3;
    const out = await client().getMetricSeries({ namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: dims, periodSec: 60 }, { start: T0, end: T0 + 600_000 });
    // 10 points at 3 per page → 4 pages.
    expect(out.pages).toBe(4);
    expect(out.points.map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.requests.map((r) => r.body.NextToken ?? null)).toEqual([null, "offset-3", "offset-6", "offset-9"]);
  });

  it("expired credentials and access denied become auth errors with the AWS code", async () => {
    server.mode = "expired";
    const spec = { namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: dims, periodSec: 60 };
    const e1 = await client().getMetricSeries(spec, { start: T0, end: T0 + 600_000 }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(CloudWatchError);
    expect((e1 as CloudWatchError).kind).toBe("auth");
    expect((e1 as CloudWatchError).message).toMatch(/ExpiredToken/);
    server.mode = "denied";
    const e2 = await client().getMetricSeries(spec, { start: T0, end: T0 + 600_000 }).catch((e: unknown) => e);
    expect((e2 as CloudWatchError).kind).toBe("auth");
    expect((e2 as CloudWatchError).message).toMatch(/HTTP 403.*not authorized/);
  });

  it("a slow answer times out as a typed error", async () => {
    server.mode = "slow";
    const started = Date.now();
    const err = await client(300)
      .getMetricSeries({ namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: dims, periodSec: 60 }, { start: T0, end: T0 + 600_000 })
      .catch((e: unknown) => e);
    expect((err as CloudWatchError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
