import { describe, expect, it } from "vitest";
import { configSchema, type MeridianConfig } from "@/lib/config/schema";
import { demoFleet } from "./fleet";
import { demoRegionInventory } from "./inventory";
import { initialFleetState } from "./state";
import { demoWorkloads, releaseInRegion } from "./versions";
import { parseYamlWith } from "@/lib/config/parse-config";
import { readFileSync } from "node:fs";

const config: MeridianConfig = parseYamlWith(configSchema, readFileSync("config/demo.yaml", "utf8"), "config/demo.yaml");
const anchor = new Date("2026-11-20T09:00:00Z");
const state = initialFleetState(anchor);
const t = Date.parse("2026-11-22T12:00:00Z");

describe("demo fleet", () => {
  it("is deterministic for a given seed and time", () => {
    const a = demoFleet(config, state, t);
    const b = demoFleet(config, structuredClone(state), t);
    expect(demoRegionInventory(a, "eu-west-1")).toEqual(demoRegionInventory(b, "eu-west-1"));
    expect(demoWorkloads(a.topology, "us-east-1", t, a.opts, () => 1)).toEqual(demoWorkloads(b.topology, "us-east-1", t, b.opts, () => 1));
  });

  it("changes with the seed and over time", () => {
    const a = demoFleet(config, state, t);
    const other = demoFleet({ ...config, demo: { ...config.demo!, seed: 7 } }, state, t);
    expect(demoWorkloads(a.topology, "eu-west-1", t, a.opts, () => 1)).not.toEqual(demoWorkloads(other.topology, "eu-west-1", t, other.opts, () => 1));
    const later = demoFleet(config, state, t + 30 * 86_400_000);
    expect(demoWorkloads(later.topology, "eu-west-1", later.at, later.opts, () => 1)).not.toEqual(demoWorkloads(a.topology, "eu-west-1", t, a.opts, () => 1));
  });

  it("keeps BlockChain Solutions active in eu-west-1 and dormant in us-east-1", () => {
    const fleet = demoFleet(config, state, t);
    const eu = demoRegionInventory(fleet, "eu-west-1");
    const us = demoRegionInventory(fleet, "us-east-1");
    expect(eu.services.find((s) => s.service === "substrate-validator")?.role).toBe("active");
    expect(us.services.find((s) => s.service === "substrate-validator")?.role).toBe("dormant");
  });

  it("leaves the drifted indexer in us-east-1 on the release it had when the drift began", () => {
    const fleet = demoFleet(config, state, t);
    const svc = fleet.topology.services.find((s) => s.id === "indexer")!;
    const driftStart = anchor.getTime() - 2 * 86_400_000;
    expect(releaseInRegion(svc, "us-east-1", t, fleet.opts)).toEqual(releaseInRegion(svc, "us-east-1", driftStart, fleet.opts));
    expect(releaseInRegion(svc, "eu-west-1", t + 40 * 86_400_000, fleet.opts)!.index).toBeGreaterThan(releaseInRegion(svc, "us-east-1", t, fleet.opts)!.index);
  });

  it("ships the Leaderboard API's bad release 3 h before the fleet was loaded", () => {
    const fleet = demoFleet(config, state, t);
    const svc = fleet.topology.services.find((s) => s.id === "leaderboard-api")!;
    const bad = releaseInRegion(svc, "eu-west-1", anchor.getTime() + 3_600_000, fleet.opts)!;
    expect(bad.deployedAt - (anchor.getTime() - 3 * 3_600_000)).toBe(5 * 60_000); // active region: 5 min after release
  });

  it("takes eu-west-1 dark in the outage scenario and moves roles after a failover", () => {
    const outage = demoFleet(config, { ...state, scenario: "eu-west-1-outage" }, t);
    expect(() => demoRegionInventory(outage, "eu-west-1")).toThrow(/eu-west-1/);
    expect(demoRegionInventory(outage, "us-east-1").health).toBe("healthy");
    const failedOver = demoFleet(config, { ...state, moves: [{ service: "leaderboard-api", region: "us-east-1", at: new Date(t - 60_000).toISOString() }] }, t);
    expect(demoRegionInventory(failedOver, "us-east-1").services.find((s) => s.service === "leaderboard-api")?.role).toBe("active");
    expect(demoRegionInventory(failedOver, "eu-west-1").services.find((s) => s.service === "leaderboard-api")?.role).toBe("dormant");
  });
});

describe("demo releases' provenance", () => {
  it("gives every workload a deployer, a 7-hex commit and a Helm release, the same commit wherever a release runs", () => {
    const f = demoFleet(config, state, t);
    const [eu, us] = ["eu-west-1", "us-east-1"].map((r) => demoWorkloads(f.topology, r, t, f.opts, () => 1));
    for (const w of [...eu, ...us]) expect(w).toMatchObject({ deployer: expect.stringMatching(/\S/), commit: expect.stringMatching(/^[0-9a-f]{7}$/), release: expect.stringContaining(w.service) });
    const same = eu.find((w) => us.some((u) => u.service === w.service && u.version === w.version))!;
    expect(us.find((u) => u.service === same.service)!.commit).toBe(same.commit);
  });
});
