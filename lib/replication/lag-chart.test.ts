import { describe, expect, it } from "vitest";
import { endWithSample, getLagChart, type LagPoint } from "./lag-chart";

const NOW = 1_700_000_000_000;
const pg = { unit: "seconds" as const, warning: 10, breach: 30, rpo: 30_000 };
const chain = { unit: "blocks" as const, secondsPerUnit: 6, warning: 5, breach: 10, rpo: 60_000 };
const redis = { unit: "bytes" as const, warning: 5_000_000, breach: 50_000_000, rpo: 60_000 };

// A range query's grid: one point every 30 s up to now, the last one a few seconds newer than the collector's sample.
const grid: LagPoint[] = Array.from({ length: 10 }, (_, i) => ({ t: NOW - (9 - i) * 30_000, lag: 2 + i / 10, lagSeconds: 2 + i / 10 }));

describe("endWithSample", () => {
  it("the series ends with the sample the Lag figure comes from, whatever the grid said after it", () => {
    const sample = { t: NOW - 3_000, lag: 2.9, lagSeconds: 2.9 };
    const points = endWithSample(grid, sample, NOW - 3_600_000);
    expect(points.at(-1)).toEqual(sample);
    expect(points.filter((p) => p.t >= sample.t)).toHaveLength(1);
    expect(points.slice(0, -1)).toEqual(grid.slice(0, -1));
  });
  it("no sample, or one before the range: the series is left as it is", () => {
    expect(endWithSample(grid, null, NOW - 3_600_000)).toBe(grid);
    expect(endWithSample(grid, { t: NOW - 7_200_000, lag: 1, lagSeconds: 1 }, NOW - 3_600_000)).toBe(grid);
  });
});

describe("getLagChart", () => {
  it("seconds: the last value drawn is the figure the card shows", () => {
    const sample = { t: NOW - 3_000, lag: 2.9, lagSeconds: 2.9 };
    const chart = getLagChart(pg, endWithSample(grid, sample, NOW - 3_600_000));
    expect(chart.values.at(-1)).toEqual({ t: sample.t, v: sample.lag });
  });
  it("seconds: a labelled warning line, and breach and RPO drawn once when they coincide", () => {
    const chart = getLagChart(pg, grid);
    expect(chart.unit).toBe(" s");
    expect(chart.thresholds).toEqual([
      { kind: "warning", y: 10, label: "warning 10 s" },
      { kind: "breach", y: 30, label: "breach 30 s = RPO 30 s" },
    ]);
  });
  it("blocks with seconds per block: drawn as time, thresholds converted, RPO its own line", () => {
    const chart = getLagChart(chain, [{ t: NOW, lag: 2, lagSeconds: 12 }]);
    expect(chart.values).toEqual([{ t: NOW, v: 12 }]);
    expect(chart.thresholds).toEqual([
      { kind: "warning", y: 30, label: "warning 5 blocks (30 s)" },
      { kind: "breach", y: 60, label: "breach 10 blocks (60 s) = RPO 60 s" },
    ]);
  });
  it("blocks without seconds per block stay in blocks; bytes in MiB; both with warning and breach, no RPO", () => {
    const blocks = getLagChart({ ...chain, secondsPerUnit: undefined }, [{ t: NOW, lag: 2, lagSeconds: null }]);
    expect(blocks).toMatchObject({ unit: " blocks", values: [{ t: NOW, v: 2 }] });
    expect(blocks.thresholds.map((t) => t.kind)).toEqual(["warning", "breach"]);
    const bytes = getLagChart(redis, [{ t: NOW, lag: 1_048_576, lagSeconds: null }]);
    expect(bytes).toMatchObject({ unit: " MiB", values: [{ t: NOW, v: 1 }] });
    expect(bytes.thresholds.map((t) => t.label)).toEqual(["warning 4.8 MiB", "breach 47.7 MiB"]);
  });
});
