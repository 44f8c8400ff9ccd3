import { describe, expect, it } from "vitest";
import { withSloPaging, wordRegionHealth } from "./region-health";

describe("a region's word on the overview", () => {
  it("is at best degraded while its SLOs page, and says which", () => {
    const r = withSloPaging("healthy", [{ name: "requests-availability", service: "leaderboard-bff", burn1h: 4 }, { name: "requests-latency", service: "leaderboard-api", burn1h: 20.4 }, { name: "x", service: "y", burn1h: null }]);
    expect(r).toEqual({ health: "degraded", why: "3 SLOs paging: leaderboard-api requests-latency at 20×, leaderboard-bff requests-availability at 4× and 1 more" });
  });
  it("keeps a worse word and changes nothing without pages", () => {
    expect(withSloPaging("unreachable", [{ name: "a", service: "s", burn1h: 2 }]).health).toBe("unreachable");
    expect(withSloPaging("healthy", [])).toEqual({ health: "healthy", why: null });
  });
  it("words every region from its own paging SLOs only", () => {
    const slo = (region: string, state: "page" | "ticket" | "ok", burn: number) => ({ region, state, name: "requests-latency", service: "leaderboard-api", burnRates: { "5m": burn, "30m": burn, "1h": burn, "2h": burn, "6h": burn, "1d": burn, "3d": burn } });
    const regions = [{ id: "eu-west-1", health: "healthy" as const }, { id: "us-east-1", health: "healthy" as const }, { id: "ap-south-1", health: "down" as const }];
    const worded = wordRegionHealth(regions, [slo("eu-west-1", "page", 20), slo("us-east-1", "ticket", 3), slo("ap-south-1", "page", 50)]);
    expect(worded.map((r) => [r.id, r.health])).toEqual([["eu-west-1", "degraded"], ["us-east-1", "healthy"], ["ap-south-1", "down"]]);
    expect(worded[0].healthWhy).toBe("1 SLO paging: leaderboard-api requests-latency at 20×");
    expect(worded[1].healthWhy).toBeNull();
  });
});
