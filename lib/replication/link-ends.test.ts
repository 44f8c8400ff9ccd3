import { describe, expect, it } from "vitest";
import { linkDisplayName, linkEnds } from "./link-ends";

describe("link direction", () => {
  const link = { id: "leaderboard-db-euw1-use1", service: "leaderboard-db", from: "eu-west-1", to: "us-east-1" };
  it("runs from the active region: the configured way, or the other way after a failover, and is named that way", () => {
    expect(linkEnds(link, { "eu-west-1": "active", "us-east-1": "dormant" })).toEqual({ from: "eu-west-1", to: "us-east-1" });
    const after = linkEnds(link, { "eu-west-1": "dormant", "us-east-1": "active" });
    expect(after).toEqual({ from: "us-east-1", to: "eu-west-1" });
    expect(linkDisplayName(link, after)).toBe("leaderboard-db us-east-1 → eu-west-1");
    // Both active (active-active) or no roles at all: the configured direction.
    expect(linkEnds(link, { "eu-west-1": "active-active", "us-east-1": "active-active" })).toEqual({ from: "eu-west-1", to: "us-east-1" });
    expect(linkEnds(link, {})).toEqual({ from: "eu-west-1", to: "us-east-1" });
  });
});
