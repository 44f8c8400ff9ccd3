import { describe, expect, it } from "vitest";
import { latencyLabel } from "./latency-label";

describe("latency beside its threshold", () => {
  it("shows the measured percentile against the threshold", () => {
    expect(latencyLabel(3000, { quantile: 0.99, ms: 7275, windowMs: 300_000 })).toEqual({ text: "p99 7.3 s against 3 s", over: true });
    expect(latencyLabel(500, { quantile: 0.995, ms: 212, windowMs: 300_000 })).toEqual({ text: "p99.5 212 ms against 500 ms", over: false });
  });

  it("says not measured when the source has no latency, and nothing for availability SLOs", () => {
    expect(latencyLabel(3000, null)?.text).toMatch(/^latency not measured/);
    expect(latencyLabel(3000, { quantile: 0.99, ms: null, windowMs: 300_000 })?.text).toBe("p99 no requests in the last 5 min, against 3 s");
    expect(latencyLabel(null, null)).toBeNull();
  });
});
