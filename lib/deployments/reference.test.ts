import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/db/client", () => ({ db: () => { throw new Error("no database in a pure test"); } }));
const { findDriftSince, referenceEventsOf } = await import("./queries");

const ev = (region: string, version: string, at: string) => ({ service: "api", region, version, previousVersion: null, at, deployer: null, commit: null });

describe("the drift reference over time", () => {
  it("is the region active at each event: before a failover eu-west-1's releases, after it us-east-1's", () => {
    const failover = Date.parse("2026-01-10T00:00:00Z");
    const events = [ev("eu-west-1", "1.1.0", "2026-01-01T00:00:00Z"), ev("us-east-1", "1.1.0", "2026-01-02T00:00:00Z"), ev("eu-west-1", "1.2.0", "2026-01-05T00:00:00Z"), ev("us-east-1", "1.3.0", "2026-01-12T00:00:00Z"), ev("eu-west-1", "1.3.0", "2026-01-13T00:00:00Z")];
    const ref = referenceEventsOf(events, (t) => (t < failover ? "eu-west-1" : "us-east-1"));
    expect(ref.map((e) => `${e.region} ${e.version}`)).toEqual(["eu-west-1 1.1.0", "eu-west-1 1.2.0", "us-east-1 1.3.0"]);
    // us-east-1 stuck on 1.1.0 until the failover: its drift began when eu-west-1 moved to 1.2.0, not at the failover.
    expect(findDriftSince("1.1.0", [events[1]], ref)).toBe("2026-01-05T00:00:00Z");
  });
});
