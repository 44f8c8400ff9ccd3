import "server-only";
import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  type Anomaly,
  type GetCostAndUsageResponse,
} from "@aws-sdk/client-cost-explorer";
import type { SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { SourceUnavailableError } from "@/lib/http/errors";
import { AwsCredentialsError, getAwsCredentials, toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// Cost Explorer client: knows the wire format, not the domain. Every request (each page, each
// retry) costs $0.01 and is reported through onRequest so the caller can count them.

export type CeGranularity = "DAILY" | "MONTHLY";
export type CeMetric = "UnblendedCost" | "AmortizedCost";
export type CeGroupKey = "REGION" | "SERVICE" | `TAG:${string}`;
export type CeOperation = "GetCostAndUsage" | "GetCostForecast" | "GetAnomalies";

export type CostExplorerOptions = AwsClientAuth & {
  /** Cost Explorer lives in us-east-1 whatever region the spend is in. */
  region?: string;
  endpoint?: string;
  timeoutMs?: number;
  /** Retries after a throttled attempt; the attempt count is maxRetries + 1. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRequest?: (operation: CeOperation, outcome: "ok" | "throttled" | "failed") => void;
  sleep?: (ms: number) => Promise<void>;
};

/** Variables the source names are unset: the source shows as "not configured" and says what to set. */
export class CostExplorerNotConfiguredError extends SourceUnavailableError {
  constructor(readonly missing: string[]) {
    super(`Cost Explorer is not configured: set ${missing.join(" and ")}.`, { kind: "not-configured", missing });
  }
}

/** Still throttled after every retry: callers keep their last data and its age. */
export class CostExplorerThrottledError extends SourceUnavailableError {
  constructor(operation: CeOperation, attempts: number, cause: string) {
    super(`Cost Explorer ${operation} throttled after ${attempts} attempts (${cause}).`, { kind: "throttled", operation, attempts });
  }
}

/** Any other refusal (403, bad request, network): not retried. */
export class CostExplorerRequestError extends SourceUnavailableError {
  constructor(operation: CeOperation, readonly code: string, message: string, readonly httpStatus: number | undefined) {
    super(`Cost Explorer ${operation} failed: ${code}${httpStatus ? ` (HTTP ${httpStatus})` : ""}: ${message}`, { kind: "request-failed", operation, code });
  }
}

export type CeCostRow = {
  start: string;
  /** Exclusive, as Cost Explorer reports it. */
  end: string;
  /** Group keys in GroupBy order; tag values without the "key$" prefix; [] for ungrouped totals. */
  keys: string[];
  amount: string;
  unit: string;
  estimated: boolean;
};

export type CeCostResult = { rows: CeCostRow[]; pages: number };
export type CeForecastResult = {
  total: { amount: string; unit: string } | null;
  points: Array<{ start: string; end: string; mean: string; lower: string | null; upper: string | null }>;
};

const THROTTLE_CODES = new Set(["LimitExceededException", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

/** The client options for a source: its credentials as every AWS source gets them; an unset variable is named in the error. */
export function getCostExplorerOptions(source: SourceConfig, resolve: (name: string) => string | undefined = readSecretRef): CostExplorerOptions {
  try {
    // Cost Explorer is served from us-east-1, so that is where a role is assumed too.
    return { credentials: getAwsCredentials(source, { resolve, region: "us-east-1" }), endpoint: source.endpoint, timeoutMs: source.timeout };
  } catch (error) {
    if (error instanceof AwsCredentialsError && error.reason === "not-configured") throw new CostExplorerNotConfiguredError(error.missing);
    throw error;
  }
}

function tagValue(key: string): string {
  // Tag groups come back as "team$payments" ("team$" when untagged).
  const i = key.indexOf("$");
  return i >= 0 ? key.slice(i + 1) : key;
}

function errorInfo(err: unknown): { code: string; message: string; status: number | undefined } {
  if (err instanceof Error) {
    const meta = (err as Error & { $metadata?: { httpStatusCode?: number } }).$metadata;
    return { code: err.name, message: err.message, status: meta?.httpStatusCode };
  }
  return { code: "Error", message: String(err), status: undefined };
}

export function createCostExplorer(opts: CostExplorerOptions) {
  const client = new CostExplorerClient({
    region: opts.region ?? "us-east-1",
    endpoint: opts.endpoint,
    credentials: toSdkCredentials(opts),
    // We retry ourselves so every attempt is counted (each one is billed) and bounded.
    maxAttempts: 1,
  });
  const maxRetries = opts.maxRetries ?? 4;
  const baseDelay = opts.baseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 8_000;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function call<T>(operation: CeOperation, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await send(AbortSignal.timeout(timeoutMs));
        opts.onRequest?.(operation, "ok");
        return out;
      } catch (err) {
        const info = errorInfo(err);
        const throttled = THROTTLE_CODES.has(info.code) || info.status === 429;
        opts.onRequest?.(operation, throttled ? "throttled" : "failed");
        if (!throttled) throw new CostExplorerRequestError(operation, info.code, info.message, info.status);
        if (attempt >= maxRetries) throw new CostExplorerThrottledError(operation, attempt + 1, info.code);
        // Exponential backoff with full jitter, so parallel callers do not retry in step.
        const cap = Math.min(maxDelay, baseDelay * 2 ** attempt);
        await sleep(cap / 2 + Math.random() * (cap / 2));
      }
    }
  }

  return {
    /** All pages of GetCostAndUsage; `to` is exclusive (Cost Explorer's End). */
    async getCostAndUsage(q: { from: string; to: string; granularity: CeGranularity; metric: CeMetric; groupBy: CeGroupKey[] }): Promise<CeCostResult> {
      const GroupBy = q.groupBy.map((g) => (g.startsWith("TAG:") ? { Type: "TAG" as const, Key: g.slice(4) } : { Type: "DIMENSION" as const, Key: g }));
      const rows: CeCostRow[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page: GetCostAndUsageResponse = await call("GetCostAndUsage", (abortSignal) =>
          client.send(
            new GetCostAndUsageCommand({
              TimePeriod: { Start: q.from, End: q.to },
              Granularity: q.granularity,
              Metrics: [q.metric],
              GroupBy: GroupBy.length ? GroupBy : undefined,
              NextPageToken: token,
            }),
            { abortSignal },
          ),
        );
        pages++;
        for (const r of page.ResultsByTime ?? []) {
          const start = r.TimePeriod?.Start ?? "";
          const end = r.TimePeriod?.End ?? "";
          const estimated = r.Estimated ?? false;
          if (GroupBy.length === 0) {
            const m = r.Total?.[q.metric];
            if (m?.Amount !== undefined) rows.push({ start, end, keys: [], amount: m.Amount, unit: m.Unit ?? "USD", estimated });
            continue;
          }
          for (const g of r.Groups ?? []) {
            const m = g.Metrics?.[q.metric];
            if (m?.Amount === undefined) continue;
            const keys = (g.Keys ?? []).map((k, i) => (GroupBy[i]?.Type === "TAG" ? tagValue(k) : k));
            rows.push({ start, end, keys, amount: m.Amount, unit: m.Unit ?? "USD", estimated });
          }
        }
        token = page.NextPageToken || undefined;
      } while (token);
      return { rows, pages };
    },

    /** GetCostForecast: DAILY up to 3 months, MONTHLY up to 12; `from` must not be in the past. */
    async getCostForecast(q: { from: string; to: string; granularity: CeGranularity; metric: CeMetric }): Promise<CeForecastResult> {
      const out = await call("GetCostForecast", (abortSignal) =>
        client.send(
          new GetCostForecastCommand({
            TimePeriod: { Start: q.from, End: q.to },
            Granularity: q.granularity,
            Metric: q.metric === "UnblendedCost" ? "UNBLENDED_COST" : "AMORTIZED_COST",
            PredictionIntervalLevel: 80,
          }),
          { abortSignal },
        ),
      );
      return {
        total: out.Total?.Amount !== undefined ? { amount: out.Total.Amount, unit: out.Total.Unit ?? "USD" } : null,
        points: (out.ForecastResultsByTime ?? []).map((p) => ({
          start: p.TimePeriod?.Start ?? "",
          end: p.TimePeriod?.End ?? "",
          mean: p.MeanValue ?? "0",
          lower: p.PredictionIntervalLowerBound ?? null,
          upper: p.PredictionIntervalUpperBound ?? null,
        })),
      };
    },

    /** All pages of GetAnomalies whose end date falls in [from, to]. */
    async getAnomalies(q: { from: string; to?: string; monitorArn?: string }): Promise<{ anomalies: Anomaly[]; pages: number }> {
      const anomalies: Anomaly[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await call("GetAnomalies", (abortSignal) =>
          client.send(
            new GetAnomaliesCommand({ DateInterval: { StartDate: q.from, EndDate: q.to }, MonitorArn: q.monitorArn, NextPageToken: token }),
            { abortSignal },
          ),
        );
        pages++;
        anomalies.push(...(page.Anomalies ?? []));
        token = page.NextPageToken || undefined;
      } while (token);
      return { anomalies, pages };
    },

    close(): void {
      client.destroy();
    },
  };
}

export type CostExplorer = ReturnType<typeof createCostExplorer>;
