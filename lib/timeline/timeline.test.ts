import { describe, expect, it } from "vitest";
import type { SloStatus } from "@/lib/slos/types";
import { pickBurnSlos } from "./queries";
import { timelineQuery } from "./schemas";

describe("timeline query", () => {
  it("defaults to the last 24 h", () => {
    const q = timelineQuery.parse({});
    expect(q.to.getTime() - q.from.getTime()).toBe(86_400_000);
  });
  it("refuses from after to, and spans over 7 days", () => {
    expect(timelineQuery.safeParse({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }).success).toBe(false);
    expect(timelineQuery.safeParse({ from: "2026-01-01T00:00:00Z", to: "2026-01-09T00:00:01Z" }).success).toBe(false);
    expect(timelineQuery.safeParse({ from: "2026-01-01T00:00:00Z", to: "2026-01-08T00:00:00Z" }).success).toBe(true);
    expect(timelineQuery.safeParse({ from: "yesterday" }).success).toBe(false);
  });
});

describe("burn lines", () => {
  const slo = (id: string, state: SloStatus["state"], burn1h: number | null, sli: number | null = 0.99): SloStatus =>
    ({ slo: id, state, sli, burnRates: { "5m": null, "30m": null, "1h": burn1h, "2h": null, "6h": null, "1d": null, "3d": null } }) as SloStatus;
  it("picks burning SLOs first, then the hottest 1 h burn, and skips SLOs with no data", () => {
    const picked = pickBurnSlos([slo("quiet-hot", "ok", 5), slo("ticket", "ticket", 2), slo("page", "page", 1), slo("nodata", "no-data", 50, null), slo("cool", "ok", 0.1)]);
    expect(picked.map((s) => s.slo)).toEqual(["page", "ticket", "quiet-hot"]);
  });
});
