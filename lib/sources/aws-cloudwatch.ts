import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { SourceUnavailableError } from "@/lib/http/errors";

// CloudWatch GetMetricData client. Since SDK 3.1164 CloudWatch speaks AWS JSON 1.0 (POST /,
// X-Amz-Target GraniteServiceVersion20100801.GetMetricData, epoch-second timestamps) in
// query-compatible mode; the SDK handles the wire format, this file pages and maps errors.

export type CloudWatchOptions = {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  endpoint?: string;
  timeoutMs?: number;
  /** SDK attempts per request (retries on throttling and 5xx); 1 in tests. */
  maxAttempts?: number;
};

export type MetricSpec = {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  /** Seconds; CloudWatch wants a multiple of 60 for standard-resolution metrics. */
  periodSec: number;
  stat?: "Average" | "Maximum" | "Minimum" | "Sum" | "p99";
};

export type MetricPoint = { t: number; v: number };
export type MetricSeries = { id: string; label: string | null; status: string | null; points: MetricPoint[] };

export type CloudWatchErrorKind = "auth" | "timeout" | "throttled" | "bad-request" | "unreachable";

/** Every CloudWatch failure: the message names the region and the AWS error code. */
export class CloudWatchError extends SourceUnavailableError {
  constructor(readonly kind: CloudWatchErrorKind, readonly code: string, message: string) {
    super(message, { source: "cloudwatch", kind, code });
  }
}

const AUTH_CODES = new Set(["AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException"]);
const THROTTLE_CODES = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

/** Maps an SDK error (or an abort) to a CloudWatchError with a message a person can act on. */
export function toCloudWatchError(err: unknown, region: string, timedOut: boolean, timeoutMs: number): CloudWatchError {
  const e = err instanceof Error ? err : new Error(String(err));
  const status = (e as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (timedOut || e.name === "TimeoutError" || e.name === "AbortError") {
    return new CloudWatchError("timeout", e.name, `CloudWatch ${region}: no answer within ${timeoutMs} ms`);
  }
  if (AUTH_CODES.has(e.name) || status === 401 || status === 403) {
    return new CloudWatchError("auth", e.name, `CloudWatch ${region}: credentials refused (${e.name}${status ? `, HTTP ${status}` : ""}): ${e.message}`);
  }
  if (THROTTLE_CODES.has(e.name) || status === 429) return new CloudWatchError("throttled", e.name, `CloudWatch ${region}: throttled: ${e.message}`);
  if (status && status >= 400 && status < 500) return new CloudWatchError("bad-request", e.name, `CloudWatch ${region}: ${e.name}: ${e.message}`);
  return new CloudWatchError("unreachable", e.name, `CloudWatch ${region} is unreachable: ${e.message}`);
}

export function createCloudWatch(opts: CloudWatchOptions) {
  const client = new CloudWatchClient({
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, sessionToken: opts.sessionToken },
    maxAttempts: opts.maxAttempts ?? 3,
  });
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return {
    /**
     * One metric over [start, end] (epoch ms), every page followed (NextToken), points oldest
     * first. Each page gets the full timeout; the caller's signal cancels the whole read.
     */
    async getMetricSeries(spec: MetricSpec, range: { start: number; end: number }, signal?: AbortSignal): Promise<MetricSeries & { pages: number }> {
      const query: MetricDataQuery = {
        Id: "m0",
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: spec.namespace,
            MetricName: spec.metric,
            Dimensions: Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: spec.periodSec,
          Stat: spec.stat ?? "Average",
        },
      };
      const points: MetricPoint[] = [];
      let label: string | null = null;
      let status: string | null = null;
      let token: string | undefined;
      let pages = 0;
      do {
        const timeout = AbortSignal.timeout(timeoutMs);
        const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
        let out;
        try {
          out = await client.send(
            new GetMetricDataCommand({
              MetricDataQueries: [query],
              StartTime: new Date(range.start),
              EndTime: new Date(range.end),
              ScanBy: "TimestampAscending",
              NextToken: token,
            }),
            { abortSignal },
          );
        } catch (err) {
          if (signal?.aborted) throw err; // the caller cancelled: not a source fault
          throw toCloudWatchError(err, opts.region, timeout.aborted, timeoutMs);
        }
        pages += 1;
        for (const r of out.MetricDataResults ?? []) {
          if (r.Id !== "m0") continue;
          label = r.Label ?? label;
          status = r.StatusCode ?? status;
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          for (let i = 0; i < Math.min(ts.length, vs.length); i++) points.push({ t: ts[i].getTime(), v: vs[i] });
        }
        token = out.NextToken || undefined;
      } while (token);
      points.sort((a, b) => a.t - b.t);
      return { id: "m0", label, status, points, pages };
    },
    destroy(): void {
      client.destroy();
    },
  };
}

export type CloudWatch = ReturnType<typeof createCloudWatch>;
