import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { CostExplorerNotConfiguredError } from "@/lib/sources/aws-cost-explorer";
import { failFirst, paged, resultByTime, startCostExplorerServer, throttling, type CeHandler, type CostExplorerServer } from "@/tests/support/cost-explorer-server";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { countRequestsThisMonth } from "./cache";
import { COST_EXPLORER_DEFAULT_REFRESH_MS, costRefreshMs, createCostExplorerReader } from "./cost-reader";
import { formatMoney } from "./format";
import { microsToCents, parseAmountToMicros, sumDecimalStrings } from "./money";
import { getCostBreakdown, getCostSummary } from "./queries";
import { listCostSourceStatus } from "./source-status";

const HOUR = 3_600_000;
const T0 = Date.parse("2025-06-30T20:00:00Z");

function configWith(endpoint: string, interval?: string) {
  return configSchema.parse({
    version: 1,
    regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
    // Keys named explicitly: without them the SDK's default chain would look at this machine's environment.
    sources: [{ name: "ce", kind: "cost-explorer", endpoint, accessKeyId: "env:AWS_ACCESS_KEY_ID", secretAccessKey: "env:AWS_SECRET_ACCESS_KEY", ...(interval ? { interval } : {}) }],
    systems: [{ id: "s", name: "S", team: "t", services: [{ id: "db", name: "DB", team: "t", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
  });
}

const secrets = (name: string) => ({ AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" })[name];

// Two pages of monthly costs by region: every read of this query costs 2 requests.
const twoPages: CeHandler = paged([
  { ResultsByTime: [resultByTime("2025-05-01", "2025-06-01", "UnblendedCost", [["eu-west-1", "100.10"], ["us-east-1", "40.20"]])] },
  { ResultsByTime: [resultByTime("2025-06-01", "2025-07-01", "UnblendedCost", [["eu-west-1", "110.30"], ["us-east-1", "41.40"]], true)] },
]);

describe("cost cache", () => {
  let database: TestDatabase;
  let server: CostExplorerServer | undefined;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await database.db.snapshot.deleteMany({});
    await database.db.sourceRequest.deleteMany({});
    await database.db.setting.deleteMany({});
  });

  const query = { from: "2025-05-01", to: "2025-06-30", granularity: "monthly", metric: "unblended", groupBy: "region" } as const;

  it("serves a second identical query from the database, refetches after the interval, and keeps old data with its age when throttled", async () => {
    // Calls 0–1 and 2–3 answer; later calls are throttled.
    server = await startCostExplorerServer({ GetCostAndUsage: (body, n) => (n < 4 ? twoPages(body, n) : throttling()) });
    const source = configWith(server.url).sources[0];
    let now = T0;
    const reader = () => createCostExplorerReader(source, { now: () => now, resolveSecret: secrets, client: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });

    const first = await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(2);
    expect(first.freshness).toMatchObject({ source: "ce", sourceKind: "cost-explorer", stale: false, fetchedAt: new Date(T0).toISOString() });

    now = T0 + HOUR;
    const second = await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(2);
    expect(second.totalMicros).toBe(first.totalMicros);
    expect(second.freshness.fetchedAt).toBe(new Date(T0).toISOString());

    // Key order and defaults do not make a new query.
    await getCostBreakdown({ groupBy: "region", metric: "unblended", granularity: "monthly", to: "2025-06-30", from: "2025-05-01" }, await reader());
    expect(server.count("GetCostAndUsage")).toBe(2);

    now = T0 + COST_EXPLORER_DEFAULT_REFRESH_MS + 1;
    const third = await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(4);
    expect(third.freshness.fetchedAt).toBe(new Date(now).toISOString());
    const refreshedAt = now;

    now = refreshedAt + COST_EXPLORER_DEFAULT_REFRESH_MS + 1;
    const throttled = await getCostBreakdown(query, await reader());
    // One attempt and one retry, both throttled, both billed.
    expect(server.count("GetCostAndUsage")).toBe(6);
    expect(throttled.totalMicros).toBe(first.totalMicros);
    expect(throttled.freshness).toMatchObject({ stale: true, fetchedAt: new Date(refreshedAt).toISOString() });
    expect(throttled.freshness.error).toMatch(/throttled after 2 attempts/);

    // Backing off: within the next minutes the stale answer is served without asking again.
    now += 60_000;
    const again = await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(6);
    expect(again.freshness.stale).toBe(true);

    const status = await database.db.sourceStatus.findUnique({ where: { name: "ce/costs" } });
    expect(status).toMatchObject({ consecutiveFailures: 1, intervalSec: 6 * 3600 });
  });

  it("counts every billed request per calendar month", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: twoPages });
    const source = configWith(server.url).sources[0];
    let now = T0; // 2025-06-30 20:00
    const reader = () => createCostExplorerReader(source, { now: () => now, resolveSecret: secrets });
    await getCostBreakdown(query, await reader());
    await getCostBreakdown({ ...query, groupBy: "service" }, await reader());
    expect(await countRequestsThisMonth("ce", now)).toBe(4);
    now = T0 + 7 * HOUR; // 2025-07-01 03:00: a new month, and both answers are due.
    expect(await countRequestsThisMonth("ce", now)).toBe(0);
    await getCostBreakdown(query, await reader());
    expect(await countRequestsThisMonth("ce", now)).toBe(2);
    expect(await database.db.sourceRequest.count({ where: { source: "ce", operation: "GetCostAndUsage" } })).toBe(6);

    setConfigForProcess(configWith(server.url));
    const [status] = await listCostSourceStatus(now, secrets);
    expect(status).toMatchObject({ name: "ce", configured: true, requestsThisMonth: 2, costThisMonthMicros: 20_000, cachedAnswers: 2, refreshMs: 6 * HOUR });
  });

  it("honours a configured interval of an hour or more", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: twoPages });
    const source = configWith(server.url, "12h").sources[0];
    expect(costRefreshMs(source)).toBe(12 * HOUR);
    expect(costRefreshMs(configWith(server.url).sources[0])).toBe(6 * HOUR);
    let now = T0;
    const reader = () => createCostExplorerReader(source, { now: () => now, resolveSecret: secrets });
    await getCostBreakdown(query, await reader());
    now = T0 + 7 * HOUR;
    await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(2);
    now = T0 + 12 * HOUR + 1;
    await getCostBreakdown(query, await reader());
    expect(server.count("GetCostAndUsage")).toBe(4);
  });

  it("a retry that succeeds after throttling is billed twice and answers fresh", async () => {
    server = await startCostExplorerServer({ GetCostAndUsage: failFirst(1, throttling, twoPages) });
    const source = configWith(server.url).sources[0];
    const reader = await createCostExplorerReader(source, { now: () => T0, resolveSecret: secrets, client: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const b = await getCostBreakdown(query, reader);
    expect(b.freshness.stale).toBe(false);
    expect(await countRequestsThisMonth("ce", T0)).toBe(3);
  });

  it("without credentials the source is not configured and says what to set", async () => {
    const config = configWith("http://127.0.0.1:9");
    await expect(createCostExplorerReader(config.sources[0], { resolveSecret: () => undefined })).rejects.toBeInstanceOf(CostExplorerNotConfiguredError);
    setConfigForProcess(config);
    const [status] = await listCostSourceStatus(T0, () => undefined);
    expect(status.configured).toBe(false);
    expect(status.missing.join(" ")).toMatch(/AWS_ACCESS_KEY_ID.*AWS_SECRET_ACCESS_KEY/);
  });

  it("page totals equal the sum of Cost Explorer's string amounts to the cent", async () => {
    // Summed as floating point these drift; summed as integers they do not.
    const amounts = ["0.1", "0.2", "0.7", "1.005", "33.333333", "0.0000001", "1234.56789", "0.015", "2.675", "1.1"];
    const june = amounts.map((_, i) => `2025-06-${String(i + 1).padStart(2, "0")}`);
    const may = amounts.map((_, i) => `2025-05-${String(i + 1).padStart(2, "0")}`);
    const days = (dates: string[]) =>
      dates.map((d, i) => resultByTime(d, `${d.slice(0, 8)}${String(Number(d.slice(8)) + 1).padStart(2, "0")}`, "UnblendedCost", [["eu-west-1", amounts[i]], ["us-east-1", amounts[(i + 3) % amounts.length]]]));
    const daily = paged([{ ResultsByTime: days(may) }, { ResultsByTime: days(june) }]);
    server = await startCostExplorerServer({
      GetCostAndUsage: (body, n) =>
        body.Granularity === "DAILY" ? daily(body, n) : { body: { ResultsByTime: [resultByTime("2025-06-01", "2025-07-01", "UnblendedCost", amounts.map((a, i) => [`svc-${i}`, a]))] } },
    });
    const exact = sumDecimalStrings(amounts);
    expect(exact).toBe("1273.6962231");
    // Floating point gets such amounts wrong: 0.1 + 0.2 ≠ 0.3, and 2.675 rounds to 2.67.
    expect(Number("0.1") + Number("0.2")).not.toBe(0.3);
    expect(Number("2.675").toFixed(2)).toBe("2.67");
    expect(formatMoney(parseAmountToMicros("2.675"))).toBe("$2.68");

    const reader = await createCostExplorerReader(configWith(server.url).sources[0], { now: () => Date.parse("2025-06-10T12:00:00Z"), resolveSecret: secrets });
    const monthly = await getCostBreakdown({ from: "2025-06-01", to: "2025-06-10", granularity: "monthly", metric: "unblended", groupBy: "service" }, reader);
    expect(microsToCents(monthly.totalMicros)).toBe(127_370);
    expect(formatMoney(monthly.totalMicros)).toBe("$1,273.70");
    // The CSV/JSON rows add up to the total exactly.
    expect(sumDecimalStrings(monthly.points.map((p) => p.amount))).toBe(monthly.total);

    // Month-to-date on the page: June 1–10 of both regions, against May 1–10.
    const summary = await getCostSummary("unblended", reader);
    const twice = sumDecimalStrings([...amounts, ...amounts]);
    expect(twice).toBe("2547.3924462");
    expect(microsToCents(summary.monthToDate.amountMicros)).toBe(254_739);
    expect(formatMoney(summary.monthToDate.amountMicros)).toBe("$2,547.39");
    expect(summary.monthToDate.previous.amountMicros).toBe(summary.monthToDate.amountMicros);
    expect(summary.monthToDate.deltaMicros).toBe(0);
  });
});

