import { describe, expect, it } from "vitest";
import { reconcileDarkActiveRoles, type MergedRegion } from "./merge";
import type { ServicePlacement } from "./types";

const placement = (service: string, role: ServicePlacement["role"]): ServicePlacement => ({ service, role, health: "healthy", readyReplicas: 2, desiredReplicas: 2, trafficShare: role === "dormant" ? 0 : 1 });
const region = (id: string, dark: boolean, services: ServicePlacement[]): MergedRegion => ({
  region: id, health: dark ? "unreachable" : "healthy", clusters: [], services, fetchedAt: "2026-11-29T06:00:00Z", dataAsOf: "2026-11-29T06:00:00Z",
  unreachable: dark ? 1 : 0, unreachableSince: dark ? "2026-11-29T05:00:00Z" : null, healthSince: null,
});

describe("roles of a dark region after a failover", () => {
  it("reads the dark region's last-known active as dormant where a reachable region is active now", () => {
    const [euw1, use1] = reconcileDarkActiveRoles([
      region("eu-west-1", true, [placement("api", "active"), placement("db", "active"), placement("cdn", "active-active")]),
      region("us-east-1", false, [placement("api", "active"), placement("db", "dormant"), placement("cdn", "active-active")]),
    ]);
    expect(euw1.services.map((s) => [s.service, s.role])).toEqual([["api", "dormant"], ["db", "active"], ["cdn", "active-active"]]);
    expect(use1.services.map((s) => s.role)).toEqual(["active", "dormant", "active-active"]);
  });

  it("leaves reachable regions as their snapshots say", () => {
    const both = [region("eu-west-1", false, [placement("api", "active")]), region("us-east-1", false, [placement("api", "active")])];
    expect(reconcileDarkActiveRoles(both)).toEqual(both);
  });
});
