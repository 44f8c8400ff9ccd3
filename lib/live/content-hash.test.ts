import { describe, expect, it } from "vitest";
import { AS_OF_KEYS, contentHash, SNAPSHOT_AS_OF_KEYS } from "./content-hash";

describe("content hash", () => {
  it("is the same for the same values read at another time, in another key order", () => {
    const first = { region: "eu-west-1", fetchedAt: "2026-12-07T10:00:00.000Z", tiles: [{ id: "a", health: "ok", dataAsOf: "2026-12-07T10:00:00.000Z" }], meta: { regionsAsOf: { a: "x" }, total: 2 } };
    const again = { meta: { total: 2, regionsAsOf: { a: "y" } }, tiles: [{ dataAsOf: new Date("2026-12-07T10:00:30.000Z"), health: "ok", id: "a" }], fetchedAt: "2026-12-07T10:00:30.000Z", region: "eu-west-1" };
    expect(contentHash(again)).toBe(contentHash(first));
  });

  it("differs when a value, a key or the order of a list differs", () => {
    const base = { tiles: [{ id: "a", health: "ok" }, { id: "b", health: "ok" }] };
    const hash = contentHash(base);
    expect(contentHash({ tiles: [{ id: "a", health: "degraded" }, { id: "b", health: "ok" }] })).not.toBe(hash);
    expect(contentHash({ tiles: [{ id: "b", health: "ok" }, { id: "a", health: "ok" }] })).not.toBe(hash);
    expect(contentHash({ tiles: [{ id: "a", health: "ok", why: "slow" }, { id: "b", health: "ok" }] })).not.toBe(hash);
    // A time that is content (when a state began, when an event happened) still counts.
    expect(contentHash({ since: "2026-12-07T10:00:00.000Z" })).not.toBe(contentHash({ since: "2026-12-07T10:01:00.000Z" }));
  });

  it("leaves a snapshot's own reading time out, not a read model's event times", () => {
    expect(contentHash({ at: 1, lag: 2 }, SNAPSHOT_AS_OF_KEYS)).toBe(contentHash({ at: 3, lag: 2 }, SNAPSHOT_AS_OF_KEYS));
    expect(contentHash({ at: 1, kind: "failover" }, AS_OF_KEYS)).not.toBe(contentHash({ at: 3, kind: "failover" }, AS_OF_KEYS));
  });

  it("reads undefined as stored JSON does (dropped in objects, null in lists)", () => {
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
    expect(contentHash([1, undefined])).toBe(contentHash([1, null]));
    expect(contentHash(undefined)).toBe(contentHash(null));
  });
});
