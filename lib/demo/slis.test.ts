import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { computeSloStatus } from "@/lib/slos/math";
import { createDemoSliSource } from "@/lib/slos/providers/demo";
import { BURN_WINDOWS, BURN_WINDOW_MS, type BurnWindow, type SloDefinition, type WindowRates } from "@/lib/slos/types";
import { demoFleet } from "./fleet";
import { demoWindowRates } from "./slis";
import type { FleetState } from "./state";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const anchor = Date.UTC(2026, 0, 10, 12);

const config = configSchema.parse({
  version: 1,
  demo: { seed: 7, badDeploys: [{ service: "leaderboard-api", ago: "3h", fixedAfter: "7d" }] },
  regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "N. Virginia" }],
  sources: [{ name: "demo", kind: "demo" }],
  systems: [
    {
      id: "leaderboard",
      name: "Leaderboard",
      team: "games",
      services: [
        { id: "leaderboard-api", name: "API", team: "games", regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
        { id: "leaderboard-bff", name: "BFF", team: "games", regions: { "eu-west-1": "active", "us-east-1": "dormant" } },
      ],
    },
  ],
});

function slo(service: string, region: string, kind: "latency" | "availability", objective: number): SloDefinition {
  return {
    id: `${service}.${kind}.${region}`,
    service,
    region,
    name: kind,
    description: "",
    kind,
    objective,
    windowMs: 28 * DAY,
    thresholdMs: kind === "latency" ? 3000 : null,
    minRequestRate: null,
    labels: {},
    query: { good: "x[{{.window}}]", error: null, total: "y[{{.window}}]" },
  };
}

function fleetAt(at: number, state: Partial<FleetState> = {}) {
  const full: FleetState = { scenario: "steady", scenarioSince: new Date(anchor - 30 * DAY).toISOString(), anchor: new Date(anchor).toISOString(), moves: [], ...state };
  return demoFleet(config, full, at);
}

async function statusOf(def: SloDefinition, at: number, state: Partial<FleetState> = {}) {
  const source = createDemoSliSource(() => fleetAt(at, state));
  const batch = await source.getWindowRates([def], at);
  return computeSloStatus(def, batch.rates[0]);
}

/** The model itself, as a Prometheus inside the region would have seen it (the dark region's source does not answer). */
function modelStatusOf(def: SloDefinition, at: number, state: Partial<FleetState> = {}) {
  const f = fleetAt(at, state);
  const burn = Object.fromEntries(BURN_WINDOWS.map((w) => [w, demoWindowRates(f, def, at, BURN_WINDOW_MS[w])])) as Record<BurnWindow, WindowRates>;
  return computeSloStatus(def, { slo: def.id, at, window: demoWindowRates(f, def, at, def.windowMs), burn, notes: [] });
}

describe("demo SLIs", () => {
  const lbLatency = slo("leaderboard-api", "eu-west-1", "latency", 99);

  it("the Leaderboard's bad deploy burns its latency SLO at page level, about 80 % under 3 s", async () => {
    const s = await statusOf(lbLatency, anchor);
    // Deployed 3 h − 5 min ago in the active region: 1 h and 5 m are all bad release → burn ≈ 0.2 / 0.01 = 20.
    expect(s.burnRates["1h"]).toBeGreaterThan(18);
    expect(s.burnRates["1h"]).toBeLessThan(22);
    expect(s.state).toBe("page");
    expect(s.exhaustionInMs).toBeGreaterThan(0);
    // 1 d: ~2.9 h of 24 at burn 20 plus healthy burn (< 0.6) elsewhere → between 2.4 and 3.0.
    expect(s.burnRates["1d"]).toBeGreaterThan(2.4);
    expect(s.burnRates["1d"]).toBeLessThan(3.0);
  });

  it("is healthy before the deploy and after the fix, and other services are untouched", async () => {
    expect((await statusOf(lbLatency, anchor - 4 * HOUR)).state).toBe("ok");
    // 7 d later the next release replaces the bad one; a day after that the short windows are clean.
    expect((await statusOf(lbLatency, anchor + 8 * DAY)).burnRates["1h"]).toBeLessThan(1);
    expect((await statusOf(slo("leaderboard-bff", "eu-west-1", "latency", 99), anchor)).state).toBe("ok");
    expect((await statusOf(slo("leaderboard-api", "eu-west-1", "availability", 99.9), anchor)).state).toBe("ok");
  });

  // Long enough before `anchor` that every window (≤ 30 d) lies after the failover.
  const movedLongAgo = { service: "leaderboard-bff", region: "us-east-1", at: new Date(anchor - 40 * DAY).toISOString() };

  it("a dormant region has no traffic: no data, until a failover moves the traffic there", async () => {
    const us = slo("leaderboard-bff", "us-east-1", "availability", 99.9);
    const before = await statusOf(us, anchor);
    expect(before.sli).toBeNull();
    expect(before.state).toBe("no-data");
    const after = await statusOf(us, anchor, { moves: [movedLongAgo] });
    expect(after.sli).not.toBeNull();
    expect(after.requestRate).toBeGreaterThan(0);
    expect((await statusOf(slo("leaderboard-bff", "eu-west-1", "availability", 99.9), anchor, { moves: [movedLongAgo] })).state).toBe("no-data");
  });

  it("eu-west-1 degraded pages there; outage makes every request bad; us-east-1 is spared", async () => {
    const since = new Date(anchor - 2 * HOUR).toISOString();
    const bff = slo("leaderboard-bff", "eu-west-1", "availability", 99.9);
    const degraded = await statusOf(bff, anchor, { scenario: "eu-west-1-degraded", scenarioSince: since });
    // 2 % bad against 0.1 % allowed → 20 over the last hour.
    expect(degraded.burnRates["1h"]).toBeCloseTo(20, 6);
    expect(degraded.state).toBe("page");
    // The region's sources are dark: the SLI source does not answer for eu-west-1 at all.
    await expect(statusOf(bff, anchor, { scenario: "eu-west-1-outage", scenarioSince: since })).rejects.toThrow(/eu-west-1: connection timed out/);
    const outage = modelStatusOf(bff, anchor, { scenario: "eu-west-1-outage", scenarioSince: since });
    expect(outage.burnRates["1h"]).toBeCloseTo(1000, 6); // 100 % bad / 0.1 %
    // The 6 h window splits exactly at the scenario change: the last 2 h's requests are all bad, the
    // 4 h before burn < 0.6. Bad share = (rate₂ₕ × 2 h) / (rate₆ₕ × 6 h), traffic-weighted.
    const f = fleetAt(anchor, { scenario: "eu-west-1-outage", scenarioSince: since });
    const share = (demoWindowRates(f, bff, anchor, 2 * HOUR).total * 2) / (demoWindowRates(f, bff, anchor, 6 * HOUR).total * 6);
    expect(outage.burnRates["6h"]!).toBeGreaterThanOrEqual(1000 * share);
    expect(outage.burnRates["6h"]!).toBeLessThan(1000 * share + 0.6);
    // A failover to us-east-1 during the outage: healthy there.
    const us = slo("leaderboard-bff", "us-east-1", "availability", 99.9);
    expect((await statusOf(us, anchor, { scenario: "eu-west-1-outage", scenarioSince: since, moves: [movedLongAgo] })).state).toBe("ok");
  });

  it("eu-west-1 degraded pages the moment it is switched on: the incident is already in progress", async () => {
    const bff = slo("leaderboard-bff", "eu-west-1", "availability", 99.9);
    const justNow = new Date(anchor).toISOString();
    const degraded = await statusOf(bff, anchor, { scenario: "eu-west-1-degraded", scenarioSince: justNow });
    // Errors began 90 min before the switch (DEGRADATION_LEAD_MS): the 1 h and 5 m windows are all bad.
    expect(degraded.burnRates["1h"]).toBeCloseTo(20, 6);
    expect(degraded.state).toBe("page");
    // The outage, by contrast, begins at the switch.
    const outage = modelStatusOf(bff, anchor, { scenario: "eu-west-1-outage", scenarioSince: justNow });
    expect(outage.burnRates["1h"]).toBeLessThan(1);
  });

  it("is deterministic", () => {
    const f = fleetAt(anchor);
    expect(demoWindowRates(f, lbLatency, anchor, HOUR)).toEqual(demoWindowRates(fleetAt(anchor), lbLatency, anchor, HOUR));
  });
});
