import { describe, expect, it } from "vitest";
import { seriesRange, stepFor } from "./series-range";

const H = 3_600_000;
const D = 24 * H;

describe("SLO chart range", () => {
  it("ends at now, with points on whole steps, so a deploy minutes ago is inside", () => {
    const now = Date.parse("2026-11-29T07:00:00Z") + 37 * 60_000;
    const r = seriesRange(now, 28 * D, null);
    expect(r.stepSec).toBe(stepFor(28 * D));
    expect(r.end).toBe(now);
    expect(r.pointsEnd % (r.stepSec * 1000)).toBe(0);
    expect(r.pointsEnd).toBeLessThanOrEqual(now);
    expect(r.start % (r.stepSec * 1000)).toBe(0);
    expect(now - r.start).toBeGreaterThanOrEqual(28 * D);
    const deployAt = now - 3 * H;
    expect(deployAt > r.start && deployAt <= r.end).toBe(true);
  });

  it("stretches back to the deployment that started the burn", () => {
    const now = Date.parse("2026-11-29T07:00:00Z");
    const deployAt = now - 9 * H;
    const r = seriesRange(now, 6 * H, deployAt);
    expect(r.start).toBeLessThan(deployAt);
    expect(r.extendedTo).toBe(deployAt);
    expect(r.end).toBe(now);
    // A deploy already inside the span changes nothing.
    expect(seriesRange(now, 6 * H, now - H).extendedTo).toBeNull();
  });
});
