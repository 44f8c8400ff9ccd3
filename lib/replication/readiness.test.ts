import { describe, expect, it } from "vitest";
import { getReadiness, type ReadinessInput } from "./readiness";
import type { LinkStatus } from "./types";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const HOUR = 3_600_000;

function link(state: LinkStatus["state"]): LinkStatus {
  return {
    linkId: "orders-db", service: "orders", from: "eu-west-1", to: "us-east-1", engine: "postgres", unit: "seconds",
    lag: 3, lagSeconds: 3, rpoSeconds: 300, warning: 30, breach: 120, state, reason: "lag 3 s", sampledAt: new Date(NOW).toISOString(),
  };
}

function input(over: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    service: "orders",
    activeRegion: "eu-west-1",
    targetRegion: "us-east-1",
    links: [link("ok")],
    targetHealth: "healthy",
    capacity: {
      targetAllocatable: { cpu: 64, memoryGiB: 256 },
      targetMaxAllocatable: { cpu: 128, memoryGiB: 512 },
      targetRequested: { cpu: 10, memoryGiB: 40 },
      activeRequested: { cpu: 40, memoryGiB: 160 },
    },
    versions: { active: "1.4.0", target: "1.4.0", releasesBehind: 0 },
    backup: { required: true, lastSuccessAt: new Date(NOW - 2 * HOUR).toISOString() },
    lastDrillAt: new Date(NOW - 10 * 24 * HOUR).toISOString(),
    now: NOW,
    ...over,
  };
}

describe("getReadiness", () => {
  it("all checks pass → ready with no reasons", () => {
    const r = getReadiness(input());
    expect(r.verdict).toBe("ready");
    expect(r.reasons).toEqual([]);
    expect(r.checks).toHaveLength(6);
  });

  it("a stalled link → not-ready with the replication reason", () => {
    const r = getReadiness(input({ links: [link("ok"), { ...link("stalled"), linkId: "orders-db-2" }] }));
    expect(r.verdict).toBe("not-ready");
    expect(r.reasons[0].check).toBe("replication");
    expect(r.reasons[0].message).toContain("orders-db-2 stalled");
  });

  it("warning → at-risk; a link it cannot see → unknown, never ready", () => {
    const r = getReadiness(input({ links: [link("unknown")] }));
    expect(r.verdict).toBe("unknown");
    expect(r.reasons[0]).toMatchObject({ check: "replication", verdict: "unknown", message: expect.stringContaining("orders-db unknown —") });
    expect(getReadiness(input({ links: [link("warning")] })).verdict).toBe("at-risk");
  });

  it("a down target → not-ready, degraded → at-risk, unreachable or never seen → unknown", () => {
    expect(getReadiness(input({ targetHealth: "down" })).verdict).toBe("not-ready");
    expect(getReadiness(input({ targetHealth: "degraded" })).verdict).toBe("at-risk");
    expect(getReadiness(input({ targetHealth: "unreachable" })).verdict).toBe("unknown");
    expect(getReadiness(input({ targetHealth: "unknown" })).verdict).toBe("unknown");
  });

  it("a region with unknown capacity is not ready: the capacity check is unknown with its reason", () => {
    const why = "prod-use1 in us-east-1 report no capacity (an EKS cluster needs a Kubernetes source for allocatable and requested)";
    const r = getReadiness(input({ capacity: null, capacityUnknown: why }));
    expect(r.verdict).toBe("unknown");
    expect(r.reasons).toEqual([{ check: "capacity", verdict: "unknown", message: `capacity unknown: ${why}` }]);
    // Worse than a known small risk, better than a known problem.
    expect(getReadiness(input({ capacity: null, lastDrillAt: null })).verdict).toBe("unknown");
    expect(getReadiness(input({ capacity: null, targetHealth: "down" })).verdict).toBe("not-ready");
  });

  it("a backup age nobody reports is unknown, never ready", () => {
    const r = getReadiness(input({ backup: { required: true, lastSuccessAt: null, known: false, unknownReason: "no backup source for orders" } }));
    expect(r.verdict).toBe("unknown");
    expect(r.reasons).toEqual([{ check: "backup", verdict: "unknown", message: "last backup age unknown: no backup source for orders" }]);
  });

  it("capacity: own + active load against allocatable, then node group max", () => {
    const cap = input().capacity!;
    // Need 10+60 = 70 CPU: over 64 allocatable, under 128 max → at-risk.
    expect(getReadiness(input({ capacity: { ...cap, activeRequested: { cpu: 60, memoryGiB: 100 } } })).verdict).toBe("at-risk");
    // Need 10+120 = 130 CPU > 128 max → not-ready.
    const r = getReadiness(input({ capacity: { ...cap, activeRequested: { cpu: 120, memoryGiB: 100 } } }));
    expect(r.verdict).toBe("not-ready");
    expect(r.reasons[0].check).toBe("capacity");
    // Memory alone can fail it: 40+220 = 260 GiB > 256.
    expect(getReadiness(input({ capacity: { ...cap, activeRequested: { cpu: 1, memoryGiB: 220 } } })).verdict).toBe("at-risk");
    expect(getReadiness(input({ capacity: null })).verdict).toBe("unknown");
  });

  it("version parity: 2 behind at-risk, 3 behind not-ready, unordered difference at-risk", () => {
    expect(getReadiness(input({ versions: { active: "1.4.0", target: "1.2.0", releasesBehind: 2 } })).verdict).toBe("at-risk");
    expect(getReadiness(input({ versions: { active: "1.4.0", target: "1.1.0", releasesBehind: 3 } })).verdict).toBe("not-ready");
    expect(getReadiness(input({ versions: { active: "abc", target: "def", releasesBehind: null } })).verdict).toBe("at-risk");
  });

  it("backup age: 25 h ok, 30 h at-risk, 4 d or never not-ready; stateless needs none", () => {
    const ago = (h: number) => ({ required: true, lastSuccessAt: new Date(NOW - h * HOUR).toISOString() });
    expect(getReadiness(input({ backup: ago(25) })).verdict).toBe("ready");
    expect(getReadiness(input({ backup: ago(30) })).verdict).toBe("at-risk");
    expect(getReadiness(input({ backup: ago(96) })).verdict).toBe("not-ready");
    expect(getReadiness(input({ backup: { required: true, lastSuccessAt: null } })).verdict).toBe("not-ready");
    expect(getReadiness(input({ backup: { required: false, lastSuccessAt: null } })).verdict).toBe("ready");
  });

  it("never drilled is at-risk, not not-ready", () => {
    const r = getReadiness(input({ lastDrillAt: null }));
    expect(r.verdict).toBe("at-risk");
    expect(r.reasons).toEqual([{ check: "failover-drill", verdict: "at-risk", message: "never drilled" }]);
  });

  it("a drill older than the runbook's drillMaxAge is at-risk, though within the default 90 d", () => {
    // Drilled 10 d ago: fine by the default, stale for a runbook that wants a drill every 7 d.
    expect(getReadiness(input()).verdict).toBe("ready");
    const r = getReadiness(input({ drillMaxAgeMs: 7 * 24 * HOUR }));
    expect(r.verdict).toBe("at-risk");
    expect(r.reasons[0]).toMatchObject({ check: "failover-drill", message: expect.stringMatching(/older than 7 d/) });
  });

  it("reasons are sorted worst first", () => {
    const r = getReadiness(input({ lastDrillAt: null, targetHealth: "down" }));
    expect(r.reasons.map((x) => x.verdict)).toEqual(["not-ready", "at-risk"]);
  });
});
