import { describe, expect, it } from "vitest";
import { demoLatencyQuantileMs, normalQuantile } from "./latency";

describe("demo latency percentile", () => {
  it("inverts the normal distribution", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it("the threshold is the percentile at the good fraction", () => {
    expect(demoLatencyQuantileMs(0.99, 3000, 0.99)).toBeCloseTo(3000, 6);
    expect(demoLatencyQuantileMs(0.8, 3000, 0.8)).toBeCloseTo(3000, 6);
  });

  it("the seed's bad deploy: 80 % under 3 s gives p99 ≈ 7 s", () => {
    const p99 = demoLatencyQuantileMs(0.8, 3000, 0.99)!;
    expect(p99).toBeGreaterThan(6500);
    expect(p99).toBeLessThan(7500);
  });

  it("a healthy service stays under its threshold; no traffic is not measured", () => {
    expect(demoLatencyQuantileMs(0.9985, 3000, 0.99)!).toBeLessThan(3000);
    expect(demoLatencyQuantileMs(null, 3000, 0.99)).toBeNull();
  });
});
