import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkConfigSchema } from "@/lib/replication/config-schema";
import { createCloudWatch } from "@/lib/sources/aws-cloudwatch";
import { startCloudWatchServer, type CloudWatchServer } from "@/tests/support/cloudwatch-server";
import { collectLinks } from "../collector";
import { getStaleAfterMs } from "@/lib/snapshots/freshness";
import { getLinkState } from "../link-state";
import { createCloudWatchLagSource } from "./cloudwatch";

const T0 = Date.parse("2025-06-01T12:00:00Z");
let server: CloudWatchServer;

const aurora = linkConfigSchema.parse({
  id: "ledger-aurora", service: "ledger", from: "eu-west-1", to: "us-east-1", engine: "aurora", unit: "seconds", rpo: "1m", warning: 5, breach: 30,
  source: "cw", cloudwatch: { namespace: "AWS/RDS", metric: "AuroraGlobalDBReplicationLag", dimensions: { DBClusterIdentifier: "ledger-us" }, region: "us-east-1" },
});
const rds = linkConfigSchema.parse({
  id: "orders-rds", service: "orders", from: "eu-west-1", to: "us-east-1", engine: "rds", unit: "seconds", rpo: "1m", warning: 5, breach: 30,
  source: "cw", cloudwatch: { namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: { DBInstanceIdentifier: "orders-us" }, region: "us-east-1" },
});

beforeAll(async () => {
  server = await startCloudWatchServer([
    // Aurora reports milliseconds: 1500 ms → 1.5 s.
    { namespace: "AWS/RDS", metric: "AuroraGlobalDBReplicationLag", dimensions: { DBClusterIdentifier: "ledger-us" }, points: [[T0 - 120_000, 900], [T0 - 60_000, 1500]] },
    { namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: { DBInstanceIdentifier: "orders-us" }, points: [[T0 - 60_000, 4]] },
  ]);
});
afterAll(() => server.close());

const source = () =>
  createCloudWatchLagSource((region) => createCloudWatch({ region, accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, maxAttempts: 1 }));

describe("CloudWatch lag source", () => {
  it("reads the newest datapoint; Aurora milliseconds become seconds, RDS seconds stay", async () => {
    const signal = new AbortController().signal;
    expect((await source().getLag(aurora, T0, signal)).sample).toEqual({ t: T0 - 60_000, lag: 1.5, replayed: null });
    expect((await source().getLag(rds, T0, signal)).sample?.lag).toBe(4);
  });
  it("no datapoints → sample null with a note (the link shows unknown)", async () => {
    const r = await source().getLag(rds, T0 + 3_600_000, new AbortController().signal);
    expect(r.sample).toBeNull();
    expect(r.note).toMatch(/no ReplicaLag datapoints/);
  });
  it("series ask for the Maximum at a whole-minute period", async () => {
    server.requests.length = 0;
    const pts = await source().getLagSeries(aurora, { start: T0 - 600_000, end: T0 }, 90, new AbortController().signal);
    expect(pts.map((p) => p.lag)).toEqual([0.9, 1.5]);
    const q = (server.requests[0].body.MetricDataQueries as Array<{ MetricStat: { Period: number; Stat: string } }>)[0];
    expect(q.MetricStat).toMatchObject({ Period: 120, Stat: "Maximum" }); // 90 s rounds to 2 min
  });
  it("through the collector: instant read plus history on the first cycle; a metric with no data stays unknown", async () => {
    const { snapshots, errors } = await collectLinks(source(), [aurora, { ...rds, id: "orders-rds-2", cloudwatch: { ...rds.cloudwatch!, dimensions: { DBInstanceIdentifier: "nope" } } }], new Map(), {
      now: T0,
      intervalMs: 60_000,
      mode: "instant",
      signal: new AbortController().signal,
    });
    expect(errors).toEqual([]);
    const a = snapshots[0];
    expect(a.samples.map((x) => x.lag)).toEqual([0.9, 1.5]);
    expect(getLinkState(aurora, a.samples, T0, 180_000)).toMatchObject({ state: "ok", lagSeconds: 1.5 });
    expect(snapshots[1].lastRead).toMatchObject({ ok: false, note: expect.stringMatching(/no ReplicaLag datapoints/) });
  });

  it("a late RDS datapoint is judged by CloudWatch's 5-minute staleAfter: 3 min old is current, 6 min old is unknown", async () => {
    const staleAfter = getStaleAfterMs({ kind: "cloudwatch", interval: 60_000 });
    expect(staleAfter).toBe(5 * 60_000);
    const reading = await source().getLag(rds, T0 + 2 * 60_000, new AbortController().signal);
    // The datapoint is dated T0 − 1 min by CloudWatch, read 3 min later.
    expect(reading.sample?.t).toBe(T0 - 60_000);
    expect(getLinkState(rds, [reading.sample!], T0 + 2 * 60_000, staleAfter).state).toBe("ok");
    // Two intervals (2 min) would have called it dark.
    expect(getLinkState(rds, [reading.sample!], T0 + 2 * 60_000, 2 * 60_000).state).toBe("unknown");
    expect(getLinkState(rds, [reading.sample!], T0 + 5 * 60_000, staleAfter)).toMatchObject({ state: "unknown", lag: 4 });
  });
});
