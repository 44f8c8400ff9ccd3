import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceUnavailableError } from "@/lib/http/errors";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type RunningPrometheus } from "@/tests/support/prometheus";
import { createPrometheusClient, isStaleSeries, PromQLError, reduceVector } from "./prometheus";
import { describeWithTool } from "@/tests/support/require-tool";

const missingReason = prometheusUnavailableReason();

// Data ends a minute before "now" so instant queries at `now` see it inside the 5-minute lookback.
const now = Math.floor(Date.now() / 60_000) * 60_000;
const MIN = 60_000;
const minutes = (n: number, f: (i: number) => number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => [now - (n - i) * MIN, f(i)]);

describeWithTool("Prometheus client against a real Prometheus", missingReason, () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus(
      buildOpenMetrics([
        { name: "demo_up", labels: { region: "eu-west-1" }, samples: minutes(30, () => 1) },
        { name: "demo_up", labels: { region: "us-east-1" }, samples: minutes(30, () => 0) },
        { name: "demo_ratio", samples: minutes(30, () => Number.NaN) },
        // Stopped reporting 20 minutes ago: stale by now.
        { name: "demo_gone", samples: minutes(30, () => 5).slice(0, 10) },
        { name: "demo_requests_total", type: "counter", samples: minutes(30, (i) => i * 60) },
      ]),
    );
  });
  afterAll(async () => prom?.stop());

  it("reads a vector with several series and labels", async () => {
    const client = createPrometheusClient({ url: prom.url });
    const res = await client.query("demo_up", now);
    expect(res.resultType).toBe("vector");
    if (res.resultType !== "vector") return;
    const byRegion = Object.fromEntries(res.series.map((s) => [s.metric.region, s.sample.v]));
    expect(byRegion).toEqual({ "eu-west-1": 1, "us-east-1": 0 });
    expect(res.series[0].sample.t).toBe(now);
    expect(reduceVector(res)).toEqual({ kind: "several", seriesCount: 2, labels: expect.any(Array) });
    expect(reduceVector(res, "sum")).toEqual({ kind: "value", value: 1, seriesCount: 2 });
    expect(reduceVector(res, "min")).toEqual({ kind: "value", value: 0, seriesCount: 2 });
  });

  it("computes a rate: 60 per minute is 1 per second", async () => {
    const client = createPrometheusClient({ url: prom.url });
    expect(reduceVector(await client.query("sum(rate(demo_requests_total[10m]))", now))).toEqual({ kind: "value", value: 1, seriesCount: 1 });
  });

  it("names no series, NaN, stale series, scalars and +Inf explicitly", async () => {
    const client = createPrometheusClient({ url: prom.url });
    expect(reduceVector(await client.query('demo_up{region="nowhere"}', now))).toEqual({ kind: "no-data" });
    expect(reduceVector(await client.query("demo_ratio", now))).toEqual({ kind: "nan", seriesCount: 1 });
    // Last sample 20 minutes before `now`: outside the 5-minute lookback, so Prometheus returns nothing.
    expect(reduceVector(await client.query("demo_gone", now))).toEqual({ kind: "no-data" });
    expect(reduceVector(await client.query("demo_gone", now - 25 * MIN))).toEqual({ kind: "value", value: 5, seriesCount: 1 });
    const scalar = await client.query("scalar(sum(demo_up)) / 0", now);
    expect(scalar.resultType).toBe("scalar");
    expect(reduceVector(scalar)).toEqual({ kind: "value", value: Number.POSITIVE_INFINITY, seriesCount: 1 });
  });

  it("reads a matrix from query_range and spots a stale series", async () => {
    const client = createPrometheusClient({ url: prom.url });
    const range = await client.queryRange("demo_gone", { start: now - 30 * MIN, end: now, stepSec: 60 });
    expect(range.series).toHaveLength(1);
    // Samples at -30..-21 min exist; the last stays visible for the 5-minute lookback, which in
    // Prometheus 2.42 includes its edge: steps -30..-16 = 15 points, then the series ends.
    expect(range.series[0].samples).toHaveLength(15);
    expect(isStaleSeries(range.series[0], now, 5 * MIN)).toBe(true);
    const up = await client.queryRange("demo_up", { start: now - 10 * MIN, end: now, stepSec: 60 });
    expect(up.series.every((s) => !isStaleSeries(s, now, 5 * MIN))).toBe(true);
  });

  it("surfaces Prometheus's own message for bad PromQL", async () => {
    const client = createPrometheusClient({ url: prom.url });
    const error = await client.query("sum(rate(demo_up[5m]", now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromQLError);
    if (!(error instanceof PromQLError)) return;
    expect(error.errorType).toBe("bad_data");
    expect(error.prometheusMessage).toMatch(/parse error/);
    expect(error.expr).toBe("sum(rate(demo_up[5m]");
  });

  it("sends long batched queries as a POST form", async () => {
    const client = createPrometheusClient({ url: prom.url, postAbove: 10 });
    const expr = Array.from({ length: 50 }, (_, i) => `label_replace(demo_up{region="eu-west-1"}, "n", "${i}", "", "")`).join(" or ");
    const res = await client.query(expr, now);
    expect(res.resultType === "vector" && res.series.length).toBe(50);
  });
});

describe("Prometheus client faults", () => {
  let server: Server;
  let url = "";
  const seenAuth: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seenAuth.push(req.headers.authorization ?? "");
      if (req.url?.includes("hang")) return; // never answers: the client must time out
      if (req.url?.includes("overloaded")) {
        res.writeHead(503, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ status: "error", errorType: "timeout", error: "query timed out in expression evaluation" }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1700000000.5, "+Inf"] }] } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends the bearer token and parses +Inf and fractional timestamps", async () => {
    const client = createPrometheusClient({ url, bearerToken: "tok-123" });
    const res = await client.query("up");
    expect(seenAuth.at(-1)).toBe("Bearer tok-123");
    expect(res.resultType === "vector" && res.series[0].sample).toEqual({ t: 1700000000500, v: Number.POSITIVE_INFINITY });
    expect(client.requestCount()).toBe(1);
  });

  it("turns a timeout into SourceUnavailableError", async () => {
    const client = createPrometheusClient({ url, timeoutMs: 200 });
    const error = await client.query("hang").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(String(error)).toMatch(/timed out after 200 ms/);
  });

  it("treats Prometheus's own timeout as the source failing, not the query", async () => {
    const client = createPrometheusClient({ url });
    const error = await client.query("overloaded").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error).not.toBeInstanceOf(PromQLError);
    expect(String(error)).toMatch(/query timed out/);
  });

  it("reports a closed port as unavailable", async () => {
    const client = createPrometheusClient({ url: "http://127.0.0.1:1", timeoutMs: 2000 });
    await expect(client.query("up")).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it("passes a caller's abort through without calling it a source fault", async () => {
    const client = createPrometheusClient({ url, timeoutMs: 5000 });
    const ctl = new AbortController();
    const pending = client.query("hang", undefined, ctl.signal).catch((e: unknown) => e);
    ctl.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(SourceUnavailableError);
  });
});
