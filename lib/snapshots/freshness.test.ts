import { describe, expect, it } from "vitest";
import { getJobStaleAfterMs, getStaleAfterMs, isStale } from "./freshness";

const MIN = 60_000;
const NOW = Date.parse("2026-11-29T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms);

describe("source staleness", () => {
  it("defaults to 2 × interval, CloudWatch to at least 5 min, and a source's own staleAfter wins", () => {
    expect(getStaleAfterMs({ kind: "prometheus", interval: 30_000 })).toBe(60_000);
    expect(getStaleAfterMs({ kind: "prometheus", interval: 30_000 }, 3)).toBe(90_000);
    // RDS metrics arrive minutes late: 2 × 60 s would call every CloudWatch link dark.
    expect(getStaleAfterMs({ kind: "cloudwatch", interval: 60_000 })).toBe(5 * MIN);
    expect(getStaleAfterMs({ kind: "cloudwatch", interval: 10 * MIN })).toBe(20 * MIN);
    expect(getStaleAfterMs({ kind: "cloudwatch", interval: 60_000, staleAfter: 2 * MIN })).toBe(2 * MIN);
    expect(getStaleAfterMs({ kind: "demo", interval: 30_000, staleAfter: 10 * MIN })).toBe(10 * MIN);
  });

  it("reads a job's threshold from its source by the job's name; a removed source falls back to the interval", () => {
    const config = { staleAfter: 2, sources: [{ name: "cw", kind: "cloudwatch" as const, interval: 60_000, timeout: 10_000 }] };
    expect(getJobStaleAfterMs({ name: "cw/replication/links", kind: "cloudwatch", intervalSec: 60 }, config)).toBe(5 * MIN);
    expect(getJobStaleAfterMs({ name: "gone/inventory/eu-west-1", kind: "demo", intervalSec: 30 }, config)).toBe(60_000);
  });

  it("is stale at once when the last attempt failed, without waiting for staleAfter", () => {
    expect(isStale({ lastSuccessAt: ago(5_000), lastTakenAt: ago(5_000), consecutiveFailures: 1 }, 60_000, NOW)).toBe(true);
    expect(isStale({ lastSuccessAt: ago(5_000), lastTakenAt: ago(5_000), consecutiveFailures: 0 }, 60_000, NOW)).toBe(false);
    expect(isStale({ lastSuccessAt: null, lastTakenAt: null, consecutiveFailures: 0 }, 60_000, NOW)).toBe(true);
  });

  it("is stale when nobody collected for staleAfter, or when the source answered with data older than that", () => {
    expect(isStale({ lastSuccessAt: ago(61_000), lastTakenAt: ago(61_000), consecutiveFailures: 0 }, 60_000, NOW)).toBe(true);
    // Read just now, but the newest sample is 6 minutes old.
    expect(isStale({ lastSuccessAt: ago(1_000), lastTakenAt: ago(6 * MIN), consecutiveFailures: 0 }, 5 * MIN, NOW)).toBe(true);
    // A late CloudWatch datapoint within its 5 minutes is fresh.
    expect(isStale({ lastSuccessAt: ago(1_000), lastTakenAt: ago(3 * MIN), consecutiveFailures: 0 }, 5 * MIN, NOW)).toBe(false);
  });
});
