import { afterEach, describe, expect, it } from "vitest";
import { formatMicros, parseAmountToMicros, sumDecimalStrings } from "@/lib/costs/money";
import {
  accessDenied,
  failFirst,
  limitExceeded,
  paged,
  resultByTime,
  startCostExplorerServer,
  throttling,
  type CostExplorerServer,
} from "@/tests/support/cost-explorer-server";
import {
  CostExplorerNotConfiguredError,
  CostExplorerRequestError,
  CostExplorerThrottledError,
  createCostExplorer,
  getCostExplorerOptions,
  type CeOperation,
} from "./aws-cost-explorer";

let server: CostExplorerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, counted: CeOperation[] = [], extra: { maxRetries?: number } = {}) {
  return createCostExplorer({
    accessKeyId: "AKIDTEST",
    secretAccessKey: "secret",
    endpoint: url,
    baseDelayMs: 1,
    maxDelayMs: 2,
    onRequest: (op) => counted.push(op),
    ...extra,
  });
}

// 0.1, 0.2 and 1.005 are not exact in binary: 30 × ("0.1" + "0.2") + "1.005" added as floats is
// 10.004999999999995, which rounds to 10.00 at the cent; the exact sum 10.005 rounds to 10.01.
const M = "UnblendedCost";
const pages = [
  {
    GroupDefinitions: [{ Type: "DIMENSION", Key: "REGION" }],
    ResultsByTime: Array.from({ length: 15 }, (_, i) => {
      const d = String(i + 1).padStart(2, "0");
      const e = String(i + 2).padStart(2, "0");
      return resultByTime(`2025-01-${d}`, `2025-01-${e}`, M, [["eu-west-1", "0.1"], ["us-east-1", "0.2"]]);
    }),
    DimensionValueAttributes: [],
  },
  {
    GroupDefinitions: [{ Type: "DIMENSION", Key: "REGION" }],
    ResultsByTime: Array.from({ length: 15 }, (_, i) => {
      const d = String(i + 16).padStart(2, "0");
      const e = String(i + 17).padStart(2, "0");
      return resultByTime(`2025-01-${d}`, `2025-01-${e}`, M, [["eu-west-1", "0.1"], ["us-east-1", "0.2"]]);
    }),
    DimensionValueAttributes: [],
  },
  {
    GroupDefinitions: [{ Type: "DIMENSION", Key: "REGION" }],
    ResultsByTime: [resultByTime("2025-01-31", "2025-02-01", M, [["eu-west-1", "1.005"], ["us-east-1", "0.0000004"]], true)],
    DimensionValueAttributes: [],
  },
];

describe("Cost Explorer client against a JSON 1.1 contract server", () => {
  it("follows NextPageToken to the end, one counted request per page, signed with the static key", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: paged(pages) });
    const counted: CeOperation[] = [];
    const ce = client(server.url, counted);
    const out = await ce.getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "DAILY", metric: M, groupBy: ["REGION"] });
    expect(out.pages).toBe(3);
    expect(counted).toEqual(["GetCostAndUsage", "GetCostAndUsage", "GetCostAndUsage"]);
    expect(server.count("GetCostAndUsage")).toBe(3);
    // The wire request: the operation in X-Amz-Target, our parameters in the documented names.
    const first = server.requests[0];
    expect(first.headers["x-amz-target"]).toBe("AWSInsightsIndexService.GetCostAndUsage");
    expect(first.headers["content-type"]).toMatch(/^application\/x-amz-json-1\.1/);
    expect(String(first.headers.authorization)).toContain("Credential=AKIDTEST/");
    expect(first.body).toMatchObject({
      TimePeriod: { Start: "2025-01-01", End: "2025-02-01" },
      Granularity: "DAILY",
      Metrics: ["UnblendedCost"],
      GroupBy: [{ Type: "DIMENSION", Key: "REGION" }],
    });
    expect(first.body.NextPageToken).toBeUndefined();
    expect(server.requests[2].body.NextPageToken).toBe("page-2");
    expect(out.rows).toHaveLength(62);
    expect(out.rows.at(-1)).toEqual({ start: "2025-01-31", end: "2025-02-01", keys: ["us-east-1"], amount: "0.0000004", unit: "USD", estimated: true });
    ce.close();
  });

  it("totals equal the sum of the string amounts to the cent, where float addition drifts", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: paged(pages) });
    const ce = client(server.url);
    const { rows } = await ce.getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "DAILY", metric: M, groupBy: ["REGION"] });
    const eu = rows.filter((r) => r.keys[0] === "eu-west-1");
    // By hand: eu-west-1 = 30 × 0.1 + 1.005 = 4.005.
    expect(sumDecimalStrings(eu.map((r) => r.amount))).toBe("4.005");
    expect(eu.reduce((s, r) => s + parseAmountToMicros(r.amount), 0)).toBe(4_005_000);
    // Everything: 30 × 0.1 + 30 × 0.2 + 1.005 + 0.0000004 = 10.0050004 → 10.01 at the cent.
    expect(sumDecimalStrings(rows.map((r) => r.amount))).toBe("10.0050004");
    const micros = rows.reduce((s, r) => s + parseAmountToMicros(r.amount), 0);
    expect(micros).toBe(10_005_000);
    expect(formatMicros(micros)).toBe("10.01");
    // The float path really is wrong here, which is why we do not take it.
    const floatSum = rows.filter((r) => r.amount !== "0.0000004").reduce((s, r) => s + Number(r.amount), 0);
    expect(floatSum.toFixed(2)).toBe("10.00");
    ce.close();
  });

  it("retries throttling (ThrottlingException and LimitExceededException), then succeeds; every attempt counted", async () => {
    let n = 0;
    server = await startCostExplorerServer({
      GetCostAndUsage: failFirst(2, () => (n++ === 0 ? throttling() : limitExceeded()), paged([pages[2]])),
    });
    const counted: CeOperation[] = [];
    const ce = client(server.url, counted);
    const out = await ce.getCostAndUsage({ from: "2025-01-31", to: "2025-02-01", granularity: "DAILY", metric: M, groupBy: ["REGION"] });
    expect(out.rows.map((r) => r.amount)).toEqual(["1.005", "0.0000004"]);
    expect(server.count("GetCostAndUsage")).toBe(3);
    expect(counted).toHaveLength(3);
    ce.close();
  });

  it("gives up after a bounded number of throttled attempts with a typed error", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: () => limitExceeded() });
    const ce = client(server.url, [], { maxRetries: 3 });
    const err = await ce
      .getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "MONTHLY", metric: M, groupBy: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CostExplorerThrottledError);
    expect((err as CostExplorerThrottledError).extra).toMatchObject({ kind: "throttled", attempts: 4 });
    expect(server.count("GetCostAndUsage")).toBe(4);
    ce.close();
  });

  it("does not retry a 403 and names the refusal", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: () => accessDenied() });
    const ce = client(server.url);
    const err = await ce
      .getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "MONTHLY", metric: M, groupBy: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CostExplorerRequestError);
    expect((err as CostExplorerRequestError).code).toBe("AccessDeniedException");
    expect((err as Error).message).toContain("HTTP 403");
    expect(server.count("GetCostAndUsage")).toBe(1);
    ce.close();
  });

  it("reads tag groups without the key$ prefix and ungrouped totals", async () => {
    server = await startCostExplorerServer({
      GetCostAndUsage: (body) =>
        Array.isArray(body.GroupBy)
          ? {
              body: {
                GroupDefinitions: [{ Type: "TAG", Key: "team" }],
                ResultsByTime: [resultByTime("2025-01-01", "2025-02-01", "AmortizedCost", [["team$payments", "10.5"], ["team$", "1"]])],
              },
            }
          : { body: { ResultsByTime: [{ TimePeriod: { Start: "2025-01-01", End: "2025-02-01" }, Total: { AmortizedCost: { Amount: "11.5", Unit: "USD" } }, Groups: [] }] } },
    });
    const ce = client(server.url);
    const tagged = await ce.getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "MONTHLY", metric: "AmortizedCost", groupBy: ["TAG:team"] });
    expect(server.requests[0].body.GroupBy).toEqual([{ Type: "TAG", Key: "team" }]);
    expect(tagged.rows.map((r) => [r.keys[0], r.amount])).toEqual([["payments", "10.5"], ["", "1"]]);
    const total = await ce.getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "MONTHLY", metric: "AmortizedCost", groupBy: [] });
    expect(total.rows).toEqual([{ start: "2025-01-01", end: "2025-02-01", keys: [], amount: "11.5", unit: "USD", estimated: false }]);
    ce.close();
  });

  it("GetCostForecast sends the forecast metric enum and reads MeanValue and the total", async () => {
    server = await startCostExplorerServer({
      GetCostForecast: () => ({
        body: {
          Total: { Amount: "301.2345", Unit: "USD" },
          ForecastResultsByTime: [
            { TimePeriod: { Start: "2025-01-20", End: "2025-01-21" }, MeanValue: "100.1", PredictionIntervalLowerBound: "90", PredictionIntervalUpperBound: "110" },
            { TimePeriod: { Start: "2025-01-21", End: "2025-01-22" }, MeanValue: "201.1345" },
          ],
        },
      }),
    });
    const counted: CeOperation[] = [];
    const ce = client(server.url, counted);
    const f = await ce.getCostForecast({ from: "2025-01-20", to: "2025-01-22", granularity: "DAILY", metric: "AmortizedCost" });
    expect(server.requests[0].headers["x-amz-target"]).toBe("AWSInsightsIndexService.GetCostForecast");
    expect(server.requests[0].body).toMatchObject({ Metric: "AMORTIZED_COST", Granularity: "DAILY", TimePeriod: { Start: "2025-01-20", End: "2025-01-22" } });
    expect(f.total).toEqual({ amount: "301.2345", unit: "USD" });
    expect(f.points.map((p) => p.mean)).toEqual(["100.1", "201.1345"]);
    expect(f.points[1].lower).toBeNull();
    expect(counted).toEqual(["GetCostForecast"]);
    ce.close();
  });

  it("GetAnomalies follows pages and keeps impact, root causes and dates", async () => {
    const anomaly = (id: string) => ({
      AnomalyId: id,
      AnomalyStartDate: "2025-01-10",
      AnomalyEndDate: "2025-01-12",
      DimensionValue: "Amazon Relational Database Service",
      RootCauses: [{ Service: "Amazon Relational Database Service", Region: "eu-west-1", UsageType: "EUW1-InstanceUsage:db.r6g.xlarge", LinkedAccount: "123456789012" }],
      AnomalyScore: { MaxScore: 0.91, CurrentScore: 0.5 },
      Impact: { MaxImpact: 310.5, TotalImpact: 612.25, TotalActualSpend: 820.5, TotalExpectedSpend: 208.25, TotalImpactPercentage: 294 },
      MonitorArn: "arn:aws:ce::123456789012:anomalymonitor/abc",
    });
    server = await startCostExplorerServer({ GetAnomalies: paged([{ Anomalies: [anomaly("a1")] }, { Anomalies: [anomaly("a2")] }]) });
    const counted: CeOperation[] = [];
    const ce = client(server.url, counted);
    const out = await ce.getAnomalies({ from: "2025-01-01", to: "2025-01-31" });
    expect(out.pages).toBe(2);
    expect(counted).toEqual(["GetAnomalies", "GetAnomalies"]);
    expect(server.requests[0].body).toMatchObject({ DateInterval: { StartDate: "2025-01-01", EndDate: "2025-01-31" } });
    expect(out.anomalies.map((a) => a.AnomalyId)).toEqual(["a1", "a2"]);
    expect(out.anomalies[0].Impact?.TotalImpact).toBe(612.25);
    expect(out.anomalies[0].RootCauses?.[0]).toMatchObject({ Region: "eu-west-1", UsageType: "EUW1-InstanceUsage:db.r6g.xlarge" });
    ce.close();
  });

  it("missing credentials are a typed not-configured error that names what to set", async () => {
    const source = { name: "billing", kind: "cost-explorer" as const, interval: 21_600_000, timeout: 10_000, accessKeyId: "env:CE_KEY_ID", secretAccessKey: "env:CE_SECRET" };
    const err = (() => {
      try {
        getCostExplorerOptions(source, (name) => (name === "CE_KEY_ID" ? "AKIDTEST" : undefined));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CostExplorerNotConfiguredError);
    expect((err as Error).message).toBe("Cost Explorer is not configured: set CE_SECRET (sources.billing.secretAccessKey).");
    const options = getCostExplorerOptions(source, () => "x");
    expect(options).toMatchObject({ timeoutMs: 10_000 });
    expect("credentials" in options && (await options.credentials())).toMatchObject({ accessKeyId: "x", secretAccessKey: "x" });
  });
});
