import { describe, expect, it } from "vitest";
import { segmentsOf } from "./queries";

const ev = (version: string, at: string) => ({ service: "api", region: "eu-west-1", version, previousVersion: null, at, deployer: null, commit: null });

describe("a service's version lanes", () => {
  const from = "2026-11-01T00:00:00.000Z";
  it("end with the release running now, even when no event recorded it yet", () => {
    const segs = segmentsOf([ev("1.0.0", "2026-10-20T00:00:00.000Z"), ev("1.1.0", "2026-11-10T00:00:00.000Z")], from, { version: "1.2.0", deployedAt: "2026-11-28T12:00:00.000Z" });
    expect(segs).toEqual([
      { version: "1.0.0", from, to: "2026-11-10T00:00:00.000Z" },
      { version: "1.1.0", from: "2026-11-10T00:00:00.000Z", to: "2026-11-28T12:00:00.000Z" },
      { version: "1.2.0", from: "2026-11-28T12:00:00.000Z", to: null },
    ]);
  });
  it("show the current release over the whole window when nothing was recorded", () => {
    expect(segmentsOf([], from, { version: "3.0.1", deployedAt: null })).toEqual([{ version: "3.0.1", from, to: null }]);
  });
  it("add nothing when the last event is the current release", () => {
    expect(segmentsOf([ev("1.0.0", "2026-11-05T00:00:00.000Z")], from, { version: "1.0.0", deployedAt: "2026-11-05T00:00:00.000Z" })).toEqual([{ version: "1.0.0", from: "2026-11-05T00:00:00.000Z", to: null }]);
  });
});
