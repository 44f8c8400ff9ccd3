import { describe, expect, it } from "vitest";
import { burnColumns, burnSeriesLabels, hourTicks, labelledMarkers, markerText, chartMarkers } from "./chart";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("the overview chart's axis and labels", () => {
  it("puts ticks on round hours, not at the range's start", () => {
    const start = at("2026-11-28T06:36:12Z");
    const ticks = hourTicks(start, start + 24 * H);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(["09:00", "12:00", "15:00", "18:00", "21:00", "00:00", "03:00", "06:00"]);
    expect(hourTicks(at("2026-11-29T05:10:00Z"), at("2026-11-29T08:50:00Z")).map((t) => new Date(t).getUTCMinutes())).toEqual([0, 0, 0]);
  });

  it("tells two SLOs of the same name apart by their service", () => {
    const labels = burnSeriesLabels([
      { name: "requests-availability", service: "leaderboard-api", region: "eu-west-1" },
      { name: "requests-availability", service: "leaderboard-bff", region: "eu-west-1" },
      { name: "requests-availability", service: "leaderboard-api", region: "us-east-1" },
    ]);
    expect(labels).toEqual(["leaderboard-api requests-availability (eu-west-1)", "leaderboard-bff requests-availability", "leaderboard-api requests-availability (us-east-1)"]);
    expect(new Set(labels).size).toBe(3);
  });

  it("labels markers with what changed, and only where there is room", () => {
    expect(markerText({ kind: "deployment", title: "leaderboard-api 2.4.1 in eu-west-1" })).toBe("leaderboard-api 2.4.1");
    expect(markerText({ kind: "failover", title: "Failover #3 leaderboard-api eu-west-1 → us-east-1: succeeded" })).toBe("Failover #3 leaderboard-api eu-west-1 → us-east-1");
    const start = 0;
    expect(labelledMarkers([10 * H, 10.5 * H, 2 * H, 23 * H, 25 * H], start, 24 * H)).toEqual([true, false, true, true, false]);
  });
});

describe("chart markers", () => {
  const start = Date.UTC(2026, 10, 28, 10);
  const end = start + 24 * 3_600_000;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  it("keep one marker per event while deployments are few", () => {
    const events = [{ at: at(30), kind: "deployment" as const, title: "api v2 in eu-west-1" }, { at: at(90), kind: "failover" as const, title: "Failover #1: x" }];
    expect(chartMarkers(events, start, end).map((m) => m.label)).toEqual(["api v2 in eu-west-1", "Failover #1: x"]);
  });
  it("fold hundreds of deployments into one marker per hour that counts them, and keep every other event", () => {
    const deployments = Array.from({ length: 300 }, (_, i) => ({ at: at(i * 4), kind: "deployment" as const, title: `svc-${i} v2 in eu-west-1` }));
    const markers = chartMarkers([...deployments, { at: at(61), kind: "failover" as const, title: "Failover #2: y" }], start, end);
    const folded = markers.filter((m) => m.kind === "deployment");
    expect(folded.length).toBe(20);
    expect(folded.reduce((n, m) => n + Number(m.label.split(" ")[0]), 0)).toBe(300);
    expect(markers.filter((m) => m.kind === "failover")).toHaveLength(1);
    expect(markers.map((m) => m.t)).toEqual([...markers.map((m) => m.t)].sort((a, b) => a - b));
  });
});

describe("burnColumns", () => {
  it("aligns every line on one sorted list of times, null where a line has no sample", () => {
    const cols = burnColumns([
      { points: [{ t: 20, burn: 1.5 }, { t: 10, burn: 0.5 }] },
      { points: [{ t: 30, burn: 2 }, { t: 10, burn: null }] },
    ]);
    expect(cols.times).toEqual([10, 20, 30]);
    expect(cols.values).toEqual([[0.5, 1.5, null], [null, null, 2]]);
  });
});
