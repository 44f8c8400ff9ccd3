import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for CloudWatch GetMetricData in the wire format the installed SDK speaks:
// AWS JSON 1.0 in query-compatible mode — POST /, X-Amz-Target "GraniteServiceVersion20100801.GetMetricData",
// application/x-amz-json-1.0 bodies, timestamps in epoch seconds, errors as {"__type","message"} plus
// the x-amzn-query-error header ("Code;Sender") that query-compatible clients read.

export type CwMetric = { namespace: string; metric: string; dimensions: Record<string, string>; points: Array<[number, number]> };
export type CwMode = "ok" | "expired" | "denied" | "slow";
export type CwRecorded = { target: string | undefined; headers: IncomingHttpHeaders; body: Record<string, unknown> };

export type CloudWatchServer = {
  url: string;
  requests: CwRecorded[];
  metrics: CwMetric[];
  /** Datapoints per page before NextToken is set. */
  pageSize: number;
  mode: CwMode;
  slowMs: number;
  close(): Promise<void>;
};

type Query = { Id: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string; Value: string }> }; Period: number; Stat: string } };

function sendError(res: ServerResponse, status: number, code: string, queryCode: string, message: string) {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": "req-err",
    "x-amzn-query-error": `${queryCode};Sender`,
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }));
}

export async function startCloudWatchServer(metrics: CwMetric[] = []): Promise<CloudWatchServer> {
  const state: Omit<CloudWatchServer, "url" | "close"> = { requests: [], metrics, pageSize: 1000, mode: "ok", slowMs: 5000 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      const target = req.headers["x-amz-target"];
      state.requests.push({ target: typeof target === "string" ? target : undefined, headers: req.headers, body });
      if (state.mode === "slow") {
        const timer = setTimeout(() => res.end("{}"), state.slowMs);
        res.on("close", () => clearTimeout(timer));
        return;
      }
      if (state.mode === "expired") return sendError(res, 400, "ExpiredTokenException", "ExpiredToken", "The security token included in the request is expired");
      if (state.mode === "denied")
        return sendError(res, 403, "AccessDeniedException", "AccessDenied", "User: arn:aws:iam::123456789012:user/test is not authorized to perform: cloudwatch:GetMetricData");
      if (target !== "GraniteServiceVersion20100801.GetMetricData" || req.method !== "POST" || req.url !== "/") {
        return sendError(res, 400, "InvalidActionException", "InvalidAction", `unsupported ${req.method} ${req.url} ${String(target)}`);
      }
      const start = Number(body.StartTime);
      const end = Number(body.EndTime);
      const offset = typeof body.NextToken === "string" ? Number(body.NextToken.replace("offset-", "")) : 0;
      const queries = (body.MetricDataQueries ?? []) as Query[];
      let nextToken: string | undefined;
      const results = queries.map((q) => {
        const m = q.MetricStat?.Metric;
        const dims = Object.fromEntries((m?.Dimensions ?? []).map((d) => [d.Name, d.Value]));
        const found = state.metrics.find(
          (x) => x.namespace === m?.Namespace && x.metric === m?.MetricName && JSON.stringify(Object.entries(x.dimensions).sort()) === JSON.stringify(Object.entries(dims).sort()),
        );
        // Epoch seconds on the wire; StartTime inclusive, EndTime exclusive, as CloudWatch documents.
        const inRange = (found?.points ?? []).filter(([t]) => t / 1000 >= start && t / 1000 < end).sort((a, b) => a[0] - b[0]);
        const page = inRange.slice(offset, offset + state.pageSize);
        if (offset + state.pageSize < inRange.length) nextToken = `offset-${offset + state.pageSize}`;
        return {
          Id: q.Id,
          Label: m?.MetricName ?? q.Id,
          Timestamps: page.map(([t]) => t / 1000),
          Values: page.map(([, v]) => v),
          StatusCode: nextToken ? "PartialData" : "Complete",
        };
      });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `req-${state.requests.length}` });
      res.end(JSON.stringify({ MetricDataResults: results, Messages: [], ...(nextToken ? { NextToken: nextToken } : {}) }));
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as CloudWatchServer;
}
