import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { SourceUnavailableError } from "@/lib/http/errors";
import { authDetail, classifyAwsError } from "./aws-action-error";
import { toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// CloudWatch GetMetricData client. Since SDK 3.1164 CloudWatch speaks AWS JSON 1.0 (POST /,
// X-Amz-Target GraniteServiceVersion20100801.GetMetricData, epoch-second timestamps) in
// query-compatible mode; the SDK handles the wire format, this file pages and maps errors.

export type CloudWatchOptions = AwsClientAuth & {
  region: string;
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

/** Maps an SDK error (or an abort) to a CloudWatchError with a message a person can act on. */
export function toCloudWatchError(err: unknown, region: string, timedOut: boolean, timeoutMs: number): CloudWatchError {
  const f = classifyAwsError(err, timedOut);
  switch (f.kind) {
    case "timeout":
      return new CloudWatchError("timeout", f.code, `CloudWatch ${region}: no answer within ${timeoutMs} ms`);
    case "auth":
      return new CloudWatchError("auth", f.code, `CloudWatch ${region}: credentials refused (${authDetail(f)}): ${f.message}`);
    case "throttled":
      return new CloudWatchError("throttled", f.code, `CloudWatch ${region}: throttled: ${f.message}`);
    case "unreachable":
      return new CloudWatchError("unreachable", f.code, `CloudWatch ${region} is unreachable: ${f.message}`);
    default:
      return new CloudWatchError("bad-request", f.code, `CloudWatch ${region}: ${f.code}: ${f.message}`);
  }
}

export function createCloudWatch(opts: CloudWatchOptions) {
  const client = new CloudWatchClient({
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: toSdkCredentials(opts),
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
