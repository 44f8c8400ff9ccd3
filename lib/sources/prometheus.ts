import { z } from "zod";
import { AppError, SourceUnavailableError } from "@/lib/http/errors";

// A typed client for the Prometheus HTTP API (/api/v1/query, /api/v1/query_range). It knows the
// wire format, not the domain: callers decide what "no series" or NaN means for them, helped by
// `reduceVector`, which makes every case explicit.

/** Prometheus refused the expression itself (errorType bad_data/execution): show its message on Settings. */
export class PromQLError extends AppError {
  constructor(
    readonly expr: string,
    readonly errorType: string,
    readonly prometheusMessage: string,
  ) {
    super(422, "Invalid PromQL", `Prometheus rejected the query (${errorType}): ${prometheusMessage}`, {
      errorType,
      prometheusMessage,
    });
  }
}

export type Labels = Record<string, string>;
/** Sample values as numbers: Prometheus sends strings, including "NaN", "+Inf" and "-Inf". */
export type Sample = { t: number; v: number };
export type InstantSeries = { metric: Labels; sample: Sample };
export type RangeSeries = { metric: Labels; samples: Sample[] };

export type InstantResult =
  | { resultType: "vector"; series: InstantSeries[]; warnings: string[] }
  | { resultType: "scalar"; sample: Sample; warnings: string[] }
  | { resultType: "string"; t: number; value: string; warnings: string[] };
export type RangeResult = { resultType: "matrix"; series: RangeSeries[]; warnings: string[] };

// --- wire format -----------------------------------------------------------------------------
const wireSample = z.tuple([z.number(), z.string()]);
const wireVector = z.array(z.object({ metric: z.record(z.string(), z.string()), value: wireSample }));
const wireMatrix = z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(wireSample) }));
const wireResponse = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.discriminatedUnion("resultType", [
      z.object({ resultType: z.literal("vector"), result: wireVector }),
      z.object({ resultType: z.literal("matrix"), result: wireMatrix }),
      z.object({ resultType: z.literal("scalar"), result: wireSample }),
      z.object({ resultType: z.literal("string"), result: wireSample }),
    ]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal("error"), errorType: z.string(), error: z.string(), warnings: z.array(z.string()).optional() }),
]);

/** Prometheus's float formatting: Go's strconv plus "NaN", "+Inf", "-Inf". */
export function parseSampleValue(text: string): number {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  const n = Number(text);
  if (Number.isNaN(n)) throw new SourceUnavailableError(`Prometheus sent a sample that is not a number: "${text}"`);
  return n;
}

const toSample = ([t, v]: [number, string]): Sample => ({ t: t * 1000, v: parseSampleValue(v) });

export type PrometheusClientOptions = {
  url: string;
  /** Per request, in ms; also sent to Prometheus as its own evaluation timeout. */
  timeoutMs?: number;
  bearerToken?: string;
  /** Requests whose encoded query is longer than this go as a POST form (long batched queries). */
  postAbove?: number;
  fetch?: typeof fetch;
};

export type RangeSpec = { start: number; end: number; stepSec: number };

export type PrometheusClient = {
  readonly url: string;
  /** Number of HTTP requests made so far (benchmarks report it). */
  readonly requestCount: () => number;
  query(expr: string, time?: number, signal?: AbortSignal): Promise<InstantResult>;
  queryRange(expr: string, range: RangeSpec, signal?: AbortSignal): Promise<RangeResult>;
};

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const postAbove = options.postAbove ?? 2000;
  let requests = 0;

  async function call(path: string, params: Record<string, string>, expr: string, signal?: AbortSignal) {
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s` });
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.bearerToken) headers.Authorization = `Bearer ${options.bearerToken}`;
    const encoded = body.toString();
    const usePost = encoded.length > postAbove;
    if (usePost) headers["Content-Type"] = "application/x-www-form-urlencoded";
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    requests += 1;
    let res: Response;
    try {
      res = await doFetch(usePost ? `${base}${path}` : `${base}${path}?${encoded}`, {
        method: usePost ? "POST" : "GET",
        headers,
        body: usePost ? encoded : undefined,
        signal: combined,
      });
    } catch (error) {
      if (signal?.aborted) throw error; // the caller cancelled: not a source fault
      const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : (error as Error).message;
      throw new SourceUnavailableError(`Prometheus at ${base} is unreachable: ${reason}`, { source: "prometheus" });
    }
    let json: unknown;
    const text = await res.text().catch(() => "");
    try {
      json = JSON.parse(text);
    } catch {
      throw new SourceUnavailableError(`Prometheus at ${base} answered HTTP ${res.status} without JSON: ${text.slice(0, 200)}`, {
        source: "prometheus",
        status: res.status,
      });
    }
    const parsed = wireResponse.safeParse(json);
    if (!parsed.success) {
      throw new SourceUnavailableError(`Prometheus at ${base} answered HTTP ${res.status} in an unexpected shape`, {
        source: "prometheus",
        status: res.status,
      });
    }
    const data = parsed.data;
    if (data.status === "error") {
      // bad_data (400) and execution (422) are about the expression; timeout/canceled/internal/unavailable are the server's.
      if (data.errorType === "bad_data" || data.errorType === "execution") throw new PromQLError(expr, data.errorType, data.error);
      throw new SourceUnavailableError(`Prometheus error (${data.errorType}): ${data.error}`, {
        source: "prometheus",
        errorType: data.errorType,
      });
    }
    return { data: data.data, warnings: data.warnings ?? [] };
  }

  return {
    url: base,
    requestCount: () => requests,
    async query(expr, time, signal) {
      const params: Record<string, string> = { query: expr };
      if (time !== undefined) params.time = (time / 1000).toFixed(3);
      const { data, warnings } = await call("/api/v1/query", params, expr, signal);
      switch (data.resultType) {
        case "vector":
          return { resultType: "vector", series: data.result.map((s) => ({ metric: s.metric, sample: toSample(s.value) })), warnings };
        case "scalar":
          return { resultType: "scalar", sample: toSample(data.result), warnings };
        case "string":
          return { resultType: "string", t: data.result[0] * 1000, value: data.result[1], warnings };
        case "matrix":
          // A range selector at the top level (e.g. `up[5m]`) comes back as a matrix from /query.
          throw new PromQLError(expr, "bad_data", "expected an instant vector or scalar, got a range vector (matrix)");
      }
    },
    async queryRange(expr, range, signal) {
      const params = {
        query: expr,
        start: (range.start / 1000).toFixed(3),
        end: (range.end / 1000).toFixed(3),
        step: `${range.stepSec}`,
      };
      const { data, warnings } = await call("/api/v1/query_range", params, expr, signal);
      if (data.resultType !== "matrix") throw new SourceUnavailableError(`Prometheus answered query_range with ${data.resultType}`);
      return {
        resultType: "matrix",
        series: data.result.map((s) => ({ metric: s.metric, samples: s.values.map(toSample) })),
        warnings,
      };
    },
  };
}

/**
 * One number from an instant query, with every awkward case named:
 * - `no-data`: no series. Prometheus also drops a series here when it is stale — its last sample is
 *   older than the 5-minute lookback or it ended with a staleness marker — so stale = no-data.
 * - `nan`: a series whose value is NaN (typically 0/0: a ratio with no traffic). Never read as 0 or 1.
 * - `value`: one series, or several combined with `combine` (sum, max, min); `seriesCount` says how many.
 * - `several`: several series and `combine: "single"`, the caller wanted exactly one.
 * A scalar result counts as one series; ±Inf passes through as a value.
 */
export type Reduced =
  | { kind: "value"; value: number; seriesCount: number }
  | { kind: "no-data" }
  | { kind: "nan"; seriesCount: number }
  | { kind: "several"; seriesCount: number; labels: Labels[] };

export function reduceVector(result: InstantResult, combine: "single" | "sum" | "max" | "min" = "single"): Reduced {
  if (result.resultType === "string") return { kind: "no-data" };
  const values = result.resultType === "scalar" ? [result.sample.v] : result.series.map((s) => s.sample.v);
  if (values.length === 0) return { kind: "no-data" };
  if (values.length > 1 && combine === "single") {
    return { kind: "several", seriesCount: values.length, labels: result.resultType === "vector" ? result.series.map((s) => s.metric) : [] };
  }
  const finite = values.filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return { kind: "nan", seriesCount: values.length };
  // NaN series among others are ignored: one empty ratio must not poison the rest.
  const value =
    combine === "max" ? Math.max(...finite) : combine === "min" ? Math.min(...finite) : finite.reduce((a, b) => a + b, 0);
  return { kind: "value", value, seriesCount: values.length };
}

/**
 * Range series end where their samples end. A series whose last sample is older than `maxAgeMs`
 * before the range's end is stale (the exporter or target went away) and is reported so, rather
 * than drawn as if it were current.
 */
export function isStaleSeries(series: RangeSeries, rangeEnd: number, maxAgeMs: number): boolean {
  const last = series.samples.at(-1);
  return !last || rangeEnd - last.t > maxAgeMs;
}
