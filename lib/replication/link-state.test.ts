import { describe, expect, it } from "vitest";
import { getLagSeconds, getLinkState, isStalled } from "./link-state";
import type { LagSample } from "./types";

const pg = { unit: "seconds" as const, warning: 30, breach: 120, rpo: 300_000 };
const chain = { unit: "blocks" as const, secondsPerUnit: 6, warning: 10, breach: 50, rpo: 600_000 };
const redis = { unit: "bytes" as const, warning: 1_000_000, breach: 10_000_000, rpo: 60_000 };
const NOW = 1_700_000_000_000;

function series(lags: number[], stepSec: number, replayed: number | null = null): LagSample[] {
  return lags.map((lag, i) => ({ t: NOW - (lags.length - 1 - i) * stepSec * 1000, lag, replayed }));
}

describe("getLagSeconds", () => {
  it("converts blocks with seconds per block, leaves seconds, cannot convert bytes", () => {
    expect(getLagSeconds(chain, 7)).toBe(42); // 7 blocks × 6 s
    expect(getLagSeconds(pg, 12.5)).toBe(12.5);
    expect(getLagSeconds(redis, 5000)).toBeNull();
  });
});

describe("isStalled", () => {
  it("flags seconds-lag growing 1:1 with the clock", () => {
    // 30 s apart, +30 s each: rate exactly 1.
    expect(isStalled(pg, series([10, 40, 70, 100, 130], 30))).toBe(true);
  });
  it("flags blocks growing one per 6 s", () => {
    // 30 s apart, +5 blocks = +30 s of time equivalent per 30 s.
    expect(isStalled(chain, series([3, 8, 13, 18, 23], 30))).toBe(true);
  });
  it("does not flag lag that rises slower than the clock (replica still replaying)", () => {
    // +10 s per 30 s: rate 0.33.
    expect(isStalled(pg, series([10, 20, 30, 40, 50], 30))).toBe(false);
  });
  it("needs a strict rise at every step", () => {
    expect(isStalled(pg, series([10, 40, 40, 100, 130], 30))).toBe(false);
  });
  it("needs the full window and span", () => {
    expect(isStalled(pg, series([10, 40, 70, 100], 30))).toBe(false);
    // Five samples 10 s apart span 40 s < 60 s.
    expect(isStalled(pg, series([10, 20, 30, 40, 50], 10))).toBe(false);
  });
  it("trusts the source's replayed counter for bytes", () => {
    expect(isStalled(redis, series([1000, 2000, 3000, 4000, 5000], 30, 0))).toBe(true);
    expect(isStalled(redis, series([1000, 2000, 3000, 4000, 5000], 30, null))).toBe(false);
  });
  it("a source's replay counter shows a stall after two empty steps spanning 10 s", () => {
    // 5 s apart: two steps with nothing replayed while lag rose → stalled within one 30 s interval.
    expect(isStalled(pg, [...series([3, 4], 5, 2), ...series([9, 14], 5, 0)].map((s, i) => ({ ...s, t: NOW + i * 5000 })))).toBe(true);
    expect(isStalled(pg, series([3, 8, 13], 5, 0))).toBe(true);
    // One empty step is not enough, nor two spanning under 10 s.
    expect(isStalled(pg, [...series([3, 4], 5, 2), ...series([9], 5, 0)].map((s, i) => ({ ...s, t: NOW + i * 5000 })))).toBe(false);
    expect(isStalled(pg, series([3, 8, 13], 4, 0))).toBe(false);
  });
  it("a replica that replayed something is not stalled even at rate 1", () => {
    expect(isStalled(pg, series([10, 40, 70, 100, 130], 30, 5))).toBe(false);
  });
});

describe("getLinkState", () => {
  it("ok / warning / breach by the thresholds in the link's unit", () => {
    expect(getLinkState(pg, series([5], 30), NOW, 90_000).state).toBe("ok");
    expect(getLinkState(pg, series([30], 30), NOW, 90_000).state).toBe("warning");
    expect(getLinkState(pg, series([120], 30), NOW, 90_000).state).toBe("breach");
  });
  it("breach when the time equivalent exceeds the RPO even under the breach threshold", () => {
    // 40 blocks < breach 50, but 40 × 6 s = 240 s... under 600 s RPO → warning; 45 blocks with RPO 200 s → breach.
    expect(getLinkState(chain, series([40], 30), NOW, 90_000).state).toBe("warning");
    const s = getLinkState({ ...chain, rpo: 200_000 }, series([45], 30), NOW, 90_000);
    expect(s.state).toBe("breach");
    expect(s.lagSeconds).toBe(270);
  });
  it("unknown with the last-known lag when the newest sample is too old", () => {
    const samples = series([12, 13], 30).map((x) => ({ ...x, t: x.t - 600_000 }));
    const s = getLinkState(pg, samples, NOW, 90_000);
    expect(s.state).toBe("unknown");
    expect(s.lag).toBe(13);
    expect(s.reason).toMatch(/stale/);
  });
  it("unknown with no samples; NaN samples are ignored", () => {
    expect(getLinkState(pg, [], NOW, 90_000).state).toBe("unknown");
    expect(getLinkState(pg, [{ t: NOW, lag: Number.NaN, replayed: null }], NOW, 90_000).lag).toBeNull();
  });
  it("stalled wins over breach", () => {
    expect(getLinkState(pg, series([100, 130, 160, 190, 220], 30), NOW, 90_000).state).toBe("stalled");
  });
  it("the reason never repeats the state word (it is shown beside the state, and composed as \"<link> <state>: <reason>\")", () => {
    const cases = [
      series([5], 30),
      series([30], 30),
      series([120], 30),
      series([100, 130, 160, 190, 220], 30),
      series([12, 13], 30).map((x) => ({ ...x, t: x.t - 600_000 })),
    ];
    const states = new Set<string>();
    for (const samples of cases) {
      const s = getLinkState(pg, samples, NOW, 90_000);
      states.add(s.state);
      expect(s.reason.toLowerCase().startsWith(`${s.state}:`)).toBe(false);
      expect(`orders-db ${s.state}: ${s.reason}`).not.toMatch(/\b(\w+): \1:/);
    }
    expect([...states].sort()).toEqual(["breach", "ok", "stalled", "unknown", "warning"]);
  });
});
