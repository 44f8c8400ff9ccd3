import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { getLinkState } from "@/lib/replication/link-state";
import { demoFleet } from "./fleet";
import { getDemoLag, getDemoLagSeries, getDemoLinkEnds, getStalledLinkId } from "./replication";
import type { FleetState } from "./state";

const config = configSchema.parse({
  version: 1,
  regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }, { id: "us-west-2", name: "Oregon" }],
  sources: [{ name: "demo", kind: "demo" }],
  systems: [
    {
      id: "chain", name: "Chain", team: "core",
      services: [
        { id: "node", name: "Node", team: "core", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
        { id: "ledger-db", name: "Ledger DB", team: "core", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
        { id: "west-db", name: "West DB", team: "core", stateful: true, regions: { "us-west-2": "active", "us-east-1": "dormant" } },
      ],
    },
  ],
  links: [
    { id: "node-chain", service: "node", from: "eu-west-1", to: "us-east-1", engine: "substrate", unit: "blocks", secondsPerUnit: 6, rpo: "5m", warning: 10, breach: 50 },
    { id: "ledger-pg", service: "ledger-db", from: "eu-west-1", to: "us-east-1", engine: "postgres", unit: "seconds", rpo: "5m", warning: 30, breach: 120 },
    { id: "west-pg", service: "west-db", from: "us-west-2", to: "us-east-1", engine: "postgres", unit: "seconds", rpo: "5m", warning: 30, breach: 120 },
  ],
});
const [chainLink, pgLink, westLink] = config.links;
const T0 = Date.parse("2025-06-01T12:00:00Z");

function fleet(scenario: FleetState["scenario"], sinceMs = T0, overrides: Record<string, string> = {}, at = T0 + 3_600_000) {
  // A failover a day before: the link has run the other way since.
  const moves = Object.entries(overrides).map(([service, region]) => ({ service, region, at: new Date(sinceMs - 86_400_000).toISOString() }));
  const state: FleetState = { scenario, scenarioSince: new Date(sinceMs).toISOString(), anchor: new Date(T0 - 86_400_000).toISOString(), moves };
  return demoFleet(config, state, at);
}

describe("demo replication lag", () => {
  it("is deterministic and stays below warning in steady state, in whole blocks for Substrate", () => {
    const f = fleet("steady");
    expect(getDemoLag(f, chainLink, T0)).toEqual(getDemoLag(fleet("steady"), chainLink, T0));
    for (const s of getDemoLagSeries(f, chainLink, T0, T0 + 24 * 3_600_000, 600)) {
      expect(s.lag).toBeLessThan(chainLink.warning);
      expect(Number.isInteger(s.lag)).toBe(true);
      expect(s.replayed).toBeGreaterThan(0);
    }
    for (const s of getDemoLagSeries(f, pgLink, T0, T0 + 24 * 3_600_000, 600)) expect(s.lag).toBeLessThan(pgLink.warning);
  });

  it("series are aligned to the step and cover the range (1 h at 30 s = 121 points)", () => {
    const pts = getDemoLagSeries(fleet("steady"), pgLink, T0, T0 + 3_600_000, 30);
    expect(pts).toHaveLength(121);
    expect(pts[1].t - pts[0].t).toBe(30_000);
  });

  it("replication-stall stalls the first postgres link only: +1 s of lag per second, nothing replayed", () => {
    expect(getStalledLinkId(config)).toBe("ledger-pg");
    const f = fleet("replication-stall", T0);
    const a = getDemoLag(f, pgLink, T0 + 600_000);
    const b = getDemoLag(f, pgLink, T0 + 660_000);
    expect(b.lag - a.lag).toBeCloseTo(60, 3);
    expect(b.replayed).toBe(0);
    const series = getDemoLagSeries(f, pgLink, T0 + 300_000, T0 + 600_000, 30);
    expect(getLinkState(pgLink, series, T0 + 600_000, 90_000).state).toBe("stalled");
    // Other links keep replaying.
    const west = getDemoLagSeries(f, westLink, T0 + 300_000, T0 + 600_000, 30);
    expect(getLinkState(westLink, west, T0 + 600_000, 90_000).state).toBe("ok");
  });

  it("a stall before the scenario began does not exist", () => {
    const f = fleet("replication-stall", T0 + 3_600_000);
    expect(getDemoLag(f, pgLink, T0).lag).toBe(getDemoLag(fleet("steady"), pgLink, T0).lag);
  });

  it("eu-west-1-degraded raises lag of links touching eu-west-1 into warning, not breach", () => {
    const f = fleet("eu-west-1-degraded", T0);
    const s = getDemoLag(f, pgLink, T0 + 600_000);
    expect(s.lag).toBeGreaterThanOrEqual(pgLink.warning * 0.9);
    expect(s.lag).toBeLessThan(pgLink.breach);
    expect(getDemoLag(f, westLink, T0 + 600_000).lag).toBeLessThan(westLink.warning);
  });

  it("eu-west-1-outage freezes the link at its value at the outage start and the series ends there", () => {
    const f = fleet("eu-west-1-outage", T0);
    const late = getDemoLag(f, pgLink, T0 + 3_600_000);
    expect(late.t).toBe(T0 - 1);
    expect(late.lag).toBe(getDemoLag(fleet("steady"), pgLink, T0 - 1).lag);
    expect(getLinkState(pgLink, [late], T0 + 3_600_000, 90_000).state).toBe("unknown");
    const pts = getDemoLagSeries(f, pgLink, T0 - 600_000, T0 + 600_000, 60);
    expect(pts[pts.length - 1].t).toBeLessThan(T0);
  });

  it("after a failover the link runs from the promoted region", () => {
    expect(getDemoLinkEnds(fleet("steady"), pgLink)).toEqual({ from: "eu-west-1", to: "us-east-1" });
    expect(getDemoLinkEnds(fleet("steady", T0, { "ledger-db": "us-east-1" }), pgLink)).toEqual({ from: "us-east-1", to: "eu-west-1" });
  });
});
