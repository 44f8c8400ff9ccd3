import { describe, expect, it } from "vitest";
import { withSloPaging } from "./region-health";

describe("a region's word on the overview", () => {
  it("is at best degraded while its SLOs page, and says which", () => {
    const r = withSloPaging("healthy", [{ name: "requests-availability", service: "leaderboard-bff", burn1h: 4 }, { name: "requests-latency", service: "leaderboard-api", burn1h: 20.4 }, { name: "x", service: "y", burn1h: null }]);
    expect(r).toEqual({ health: "degraded", why: "3 SLOs paging: leaderboard-api requests-latency at 20×, leaderboard-bff requests-availability at 4× and 1 more" });
  });
  it("keeps a worse word and changes nothing without pages", () => {
    expect(withSloPaging("unreachable", [{ name: "a", service: "s", burn1h: 2 }]).health).toBe("unreachable");
    expect(withSloPaging("healthy", [])).toEqual({ health: "healthy", why: null });
  });
});
