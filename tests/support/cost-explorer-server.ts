import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for Cost Explorer speaking its JSON 1.1 wire protocol: POST /, the operation in
// X-Amz-Target ("AWSInsightsIndexService.GetCostAndUsage"), application/x-amz-json-1.1 bodies, errors
// as {"__type": "...#Code", "message": ...}. Each test scripts the replies it needs.

export type CeOperationName = "GetCostAndUsage" | "GetCostForecast" | "GetAnomalies";

export type CeRecordedRequest = { operation: string; body: Record<string, unknown>; headers: IncomingHttpHeaders };

export type CeReply = { status?: number; body: unknown };

/** `n` counts calls of this operation from 0. */
export type CeHandler = (body: Record<string, unknown>, n: number) => CeReply;

export function ceError(code: string, message: string, status = 400): CeReply {
  return { status, body: { __type: `com.amazonaws.awsinsightsindexservice#${code}`, message } };
}
export const throttling = () => ceError("ThrottlingException", "Rate exceeded");
export const limitExceeded = () => ceError("LimitExceededException", "You have exceeded the rate limit for Cost Explorer.");
export const accessDenied = () =>
  ceError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/test is not authorized to perform: ce:GetCostAndUsage", 403);

/** Answers page i for NextPageToken "page-i" (the first page has no token). */
export function paged(pages: unknown[]): CeHandler {
  return (body) => {
    const token = typeof body.NextPageToken === "string" ? body.NextPageToken : "page-0";
    const i = Number(token.slice(5));
    if (!Number.isInteger(i) || i < 0 || i >= pages.length) return ceError("InvalidNextTokenException", `bad token ${token}`);
    const page = pages[i] as Record<string, unknown>;
    return { body: { ...page, ...(i + 1 < pages.length ? { NextPageToken: `page-${i + 1}` } : {}) } };
  };
}

/** The first `times` calls fail with `fault`, later ones go to `then`. */
export function failFirst(times: number, fault: () => CeReply, then: CeHandler): CeHandler {
  return (body, n) => (n < times ? fault() : then(body, n - times));
}

export type CostExplorerServer = {
  url: string;
  requests: CeRecordedRequest[];
  count(operation: CeOperationName): number;
  close(): Promise<void>;
};

export async function startCostExplorerServer(handlers: Partial<Record<CeOperationName, CeHandler>>): Promise<CostExplorerServer> {
  const requests: CeRecordedRequest[] = [];
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (reply: CeReply) => {
        const text = JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          "content-type": "application/x-amz-json-1.1",
          "content-length": Buffer.byteLength(text),
          "x-amzn-requestid": `req-${requests.length}`,
        });
        res.end(text);
      };
      const target = String(req.headers["x-amz-target"] ?? "");
      const [service, operation = ""] = target.split(".");
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      } catch {
        return send(ceError("SerializationException", "body is not JSON"));
      }
      requests.push({ operation, body, headers: req.headers });
      if (req.method !== "POST" || req.url !== "/") return send(ceError("UnknownOperationException", "POST / only", 404));
      if (service !== "AWSInsightsIndexService") return send(ceError("UnknownOperationException", `unknown target ${target}`));
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.1"))
        return send(ceError("SerializationException", "content-type must be application/x-amz-json-1.1"));
      if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 Credential="))
        return send(ceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403));
      const handler = handlers[operation as CeOperationName];
      if (!handler) return send(ceError("UnknownOperationException", `no handler for ${operation}`));
      const n = calls.get(operation) ?? 0;
      calls.set(operation, n + 1);
      send(handler(body, n));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (op) => requests.filter((r) => r.operation === op).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A GetCostAndUsage ResultsByTime entry grouped by one key, in the documented shape. */
export function resultByTime(start: string, end: string, metric: string, groups: Array<[key: string, amount: string]>, estimated = false) {
  return {
    TimePeriod: { Start: start, End: end },
    Total: {},
    Groups: groups.map(([key, amount]) => ({ Keys: [key], Metrics: { [metric]: { Amount: amount, Unit: "USD" } } })),
    Estimated: estimated,
  };
}

/**
 * GetCostForecast as Cost Explorer answers it: one ForecastResultsByTime entry per day or month of the
 * requested TimePeriod (End exclusive), MeanValue from `meanPerDay`, and the prediction interval bounds
 * only when the request names PredictionIntervalLevel (51–99); their width grows with that level.
 */
export function costForecast(meanPerDay: number, spreadPerDay = meanPerDay * 0.1): CeHandler {
  return (body) => {
    const period = body.TimePeriod as { Start?: string; End?: string } | undefined;
    const granularity = body.Granularity;
    const level = body.PredictionIntervalLevel;
    if (!period?.Start || !period.End) return ceError("ValidationException", "TimePeriod is required");
    if (granularity !== "DAILY" && granularity !== "MONTHLY") return ceError("ValidationException", `Granularity ${String(granularity)} is not supported`);
    if (level !== undefined && (typeof level !== "number" || level < 51 || level > 99)) return ceError("ValidationException", "PredictionIntervalLevel must be between 51 and 99");
    // z of a central interval: enough precision for a stand-in (80 → 1.2816).
    const z = level === undefined ? 0 : level >= 95 ? 1.96 : level >= 90 ? 1.645 : level >= 80 ? 1.2816 : 0.6745;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const results: unknown[] = [];
    let total = 0;
    for (let t = Date.parse(`${period.Start}T00:00:00Z`); t < Date.parse(`${period.End}T00:00:00Z`); ) {
      const d = new Date(t);
      const next = granularity === "DAILY" ? t + 86_400_000 : Math.min(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), Date.parse(`${period.End}T00:00:00Z`));
      const days = Math.round((next - t) / 86_400_000);
      const mean = meanPerDay * days;
      const half = z * spreadPerDay * Math.sqrt(days);
      total += mean;
      results.push({
        TimePeriod: { Start: day(t), End: day(next) },
        MeanValue: mean.toFixed(4),
        ...(level !== undefined ? { PredictionIntervalLowerBound: Math.max(0, mean - half).toFixed(4), PredictionIntervalUpperBound: (mean + half).toFixed(4) } : {}),
      });
      t = next;
    }
    return { body: { Total: { Amount: total.toFixed(4), Unit: "USD" }, ForecastResultsByTime: results } };
  };
}
