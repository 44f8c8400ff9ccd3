import { describe, expect, it } from "vitest";
import { buildTimeline, roleSegments, roleShare, roleSpans, withActiveRegion, type AssignmentRow } from "./timeline";
import type { RoleMap } from "./types";

const T0 = Date.parse("2025-06-01T00:00:00Z");
const H = 3_600_000;
const at = (h: number) => new Date(T0 + h * H);

function rows(service: string, from: number, to: number | null, roles: RoleMap, cause = "configuration"): AssignmentRow[] {
  return Object.entries(roles).map(([region, role]) => ({ service, region, role, validFrom: at(from), validTo: to === null ? null : at(to), cause, failoverRunId: null, actorName: null, reason: null }));
}

const EU: RoleMap = { "eu-west-1": "active", "us-east-1": "dormant" };
const US: RoleMap = { "eu-west-1": "dormant", "us-east-1": "active" };

// Configured at 0 h, failed over at 10 h, failed back at 20 h.
const timeline = buildTimeline([...rows("db", 0, 10, EU), ...rows("db", 10, 20, US, "failover-run"), ...rows("db", 20, null, EU, "failover-run")], new Map([["db", EU], ["new", US]]));

describe("the recorded topology as a timeline", () => {
  it("answers the roles in force at any time; before the first record, the first (the configuration stood for the unrecorded past)", () => {
    expect(timeline.rolesAt("db", T0 - 1000 * H)).toEqual(EU);
    expect(timeline.rolesAt("db", T0 + 9.99 * H)).toEqual(EU);
    expect(timeline.rolesAt("db", T0 + 10 * H)).toEqual(US);
    expect(timeline.rolesAt("db", T0 + 19 * H)).toEqual(US);
    expect(timeline.rolesAt("db", T0 + 20 * H)).toEqual(EU);
    expect(timeline.rolesAt("db", T0 + 1e6 * H)).toEqual(EU);
    // Nothing recorded yet: what the configuration says.
    expect(timeline.rolesAt("new", T0)).toEqual(US);
    expect(timeline.periods.get("db")?.map((p) => p.cause)).toEqual(["configuration", "failover-run", "failover-run"]);
  });

  it("lists the changes inside a range, and splits it into pieces of constant roles", () => {
    expect(timeline.changesBetween("db", T0, T0 + 30 * H)).toEqual([T0 + 10 * H, T0 + 20 * H]);
    expect(timeline.changesBetween("db", T0 + 10 * H, T0 + 20 * H)).toEqual([]);
    expect(roleSegments(timeline, "db", T0 + 5 * H, T0 + 15 * H).map((s) => [s.from, s.to, s.roles["us-east-1"]])).toEqual([
      [T0 + 5 * H, T0 + 10 * H, "dormant"],
      [T0 + 10 * H, T0 + 15 * H, "active"],
    ]);
  });

  it("gives the share of a period a region held a role: a day split by a failover counts in part", () => {
    // 24 h from 0: us-east-1 dormant 10 h + 4 h, active 10 h.
    expect(roleShare(timeline, "db", "us-east-1", "dormant", T0, T0 + 24 * H)).toBeCloseTo(14 / 24, 12);
    expect(roleShare(timeline, "db", "eu-west-1", "dormant", T0, T0 + 24 * H)).toBeCloseTo(10 / 24, 12);
    expect(roleSpans(timeline, "db", "us-east-1", T0, T0 + 24 * H)).toEqual([
      { role: "dormant", from: at(0).toISOString(), to: at(10).toISOString() },
      { role: "active", from: at(10).toISOString(), to: at(20).toISOString() },
      { role: "dormant", from: at(20).toISOString(), to: null },
    ]);
  });

  it("a region removed from a service ends its role there (a gap is a change too)", () => {
    const t = buildTimeline([...rows("x", 0, null, { "eu-west-1": "active" }), ...rows("x", 0, 5, { "us-east-1": "dormant" })], new Map());
    expect(t.rolesAt("x", T0 + 6 * H)).toEqual({ "eu-west-1": "active" });
    expect(t.changesBetween("x", T0, T0 + 10 * H)).toEqual([T0 + 5 * H]);
  });

  it("a takeover makes the region active and the active one dormant; active-active and absent regions cannot take over", () => {
    expect(withActiveRegion(EU, "us-east-1")).toEqual(US);
    expect(withActiveRegion({ a: "active-active", b: "active-active" }, "a")).toBeNull();
    expect(withActiveRegion(EU, "ap-south-1")).toBeNull();
  });
});
