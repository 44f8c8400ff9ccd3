import { describe, expect, it } from "vitest";
import type { ReadinessRow } from "./queries";
import { pageReadiness } from "./readiness-page";
import { readinessQuery } from "./schemas";
import type { ReadinessVerdict } from "./types";

const VERDICTS: ReadinessVerdict[] = ["ready", "at-risk", "unknown", "not-ready"];
// 1,000 services × 3 pairs, verdicts spread: the size where a page of everything stopped working.
const rows = Array.from({ length: 3000 }, (_, i) => ({
  service: `svc-${String(Math.floor(i / 3)).padStart(4, "0")}`,
  serviceName: `Service ${Math.floor(i / 3)}`,
  from: "eu-west-1",
  to: ["us-east-1", "us-west-2", "ap-south-1"][i % 3],
  verdict: i % 97 === 0 ? "not-ready" : i % 31 === 0 ? "at-risk" : i % 53 === 0 ? "unknown" : "ready",
})) as unknown as ReadinessRow[];

const query = (q: Record<string, string> = {}) => readinessQuery.parse(q);

describe("readiness, one page at a time", () => {
  it("puts the worst first and counts every verdict across all pages", () => {
    const page = pageReadiness(rows, query());
    expect(page.readiness).toHaveLength(100);
    expect(page.total).toBe(3000);
    expect(page.pages).toBe(30);
    const counted = VERDICTS.reduce((n, v) => n + page.counts[v], 0);
    expect(counted).toBe(3000);
    expect(page.counts["not-ready"]).toBe(rows.filter((r) => r.verdict === "not-ready").length);
    // Every not-ready pair comes before any ready one.
    expect(page.readiness.slice(0, page.counts["not-ready"]).every((r) => r.verdict === "not-ready")).toBe(true);
    expect(page.readiness[page.counts["not-ready"]].verdict).toBe("unknown");
  });

  it("filters by verdict and search, keeps the counts of the whole search, and clamps the page", () => {
    const page = pageReadiness(rows, query({ verdict: "ready", q: "svc-00", page: "999", pageSize: "25" }));
    expect(page.readiness.every((r) => r.verdict === "ready" && r.service.startsWith("svc-00"))).toBe(true);
    expect(page.page).toBe(page.pages);
    expect(page.counts["not-ready"]).toBeGreaterThan(0);
    expect(page.total).toBe(rows.filter((r) => r.verdict === "ready" && r.service.startsWith("svc-00")).length);
  });

  it("refuses a page size a crowd could use to ask for everything at once", () => {
    expect(readinessQuery.safeParse({ pageSize: "100000" }).success).toBe(false);
  });
});
