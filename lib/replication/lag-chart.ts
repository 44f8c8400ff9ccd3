import { formatDuration } from "@/lib/config/duration";
import type { LinkConfig } from "./config-schema";
import { formatLag, getLagSeconds } from "./link-state";

const MIB = 1_048_576;

/** One lag point of a link's series: `lag` in the link's unit, `lagSeconds` its time equivalent where one exists. */
export type LagPoint = { t: number; lag: number; lagSeconds: number | null };

export type LagChartThreshold = { kind: "warning" | "breach" | "rpo"; y: number; label: string };

/** The link page's chart, ready to draw: values in `unit`, the configured thresholds as labelled lines. */
export type LagChartData = {
  /** Axis unit suffix: " s", " MiB" or " blocks". */
  unit: string;
  name: string;
  values: Array<{ t: number; v: number }>;
  thresholds: LagChartThreshold[];
};

/**
 * The series ends with the sample the link's "Lag" figure comes from: points at or after it are
 * dropped and the sample is appended, so the chart's last point and the number are the same reading
 * (the range query's step grid and the collector's samples otherwise disagree by seconds).
 */
export function endWithSample(points: LagPoint[], sample: LagPoint | null, rangeStart: number): LagPoint[] {
  if (!sample || sample.t < rangeStart) return points;
  return [...points.filter((p) => p.t < sample.t), sample];
}

/**
 * Chart of a link's lag: as time (seconds, or blocks × seconds per block) with its warning and
 * breach thresholds and its RPO; bytes (no time equivalent) in MiB with warning and breach.
 * Lines at the same height are drawn once with both names.
 */
export function getLagChart(link: Pick<LinkConfig, "unit" | "secondsPerUnit" | "warning" | "breach" | "rpo">, points: LagPoint[]): LagChartData {
  const lines: LagChartThreshold[] = [];
  const add = (kind: LagChartThreshold["kind"], y: number, label: string) => {
    const same = lines.find((l) => l.y === y);
    if (same) same.label = `${same.label} = ${label}`;
    else lines.push({ kind, y, label });
  };
  const warningText = `warning ${formatLag(link, link.warning)}`;
  const breachText = `breach ${formatLag(link, link.breach)}`;
  if (link.unit === "bytes") {
    add("warning", link.warning / MIB, warningText);
    add("breach", link.breach / MIB, breachText);
    return { unit: " MiB", name: "lag (MiB)", values: points.map((p) => ({ t: p.t, v: p.lag / MIB })), thresholds: lines };
  }
  const warningSec = getLagSeconds(link, link.warning);
  const breachSec = getLagSeconds(link, link.breach);
  if (warningSec === null || breachSec === null) {
    // Blocks with no seconds per block: the chart stays in blocks, and the RPO has no place on it.
    add("warning", link.warning, warningText);
    add("breach", link.breach, breachText);
    return { unit: " blocks", name: "lag (blocks)", values: points.map((p) => ({ t: p.t, v: p.lag })), thresholds: lines };
  }
  const inTime = (text: string, sec: number) => (link.unit === "seconds" ? text : `${text} (${formatDuration(sec * 1000)})`);
  add("warning", warningSec, inTime(warningText, warningSec));
  add("breach", breachSec, inTime(breachText, breachSec));
  add("rpo", link.rpo / 1000, `RPO ${formatDuration(link.rpo)}`);
  return { unit: " s", name: "lag (seconds)", values: points.flatMap((p) => (p.lagSeconds === null ? [] : [{ t: p.t, v: p.lagSeconds }])), thresholds: lines };
}
