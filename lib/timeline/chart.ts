import type { BurnSeries, TimelineEvent } from "./queries";

const HOUR = 3_600_000;

/** X-axis ticks on round UTC hours (every 1, 2, 3, 4, 6 or 12 h), never at the range's odd start. */
export function hourTicks(start: number, end: number, maxTicks = 8): number[] {
  const step = [1, 2, 3, 4, 6, 12, 24].find((h) => (end - start) / (h * HOUR) <= maxTicks) ?? 24;
  const first = Math.ceil(start / (step * HOUR)) * step * HOUR;
  const out: number[] = [];
  for (let t = first; t <= end; t += step * HOUR) out.push(t);
  return out;
}

/** The burn lines as columns over one sorted list of times (null where a line has no sample at a time). */
export function burnColumns(burn: Array<Pick<BurnSeries, "points">>): { times: number[]; values: Array<Array<number | null>> } {
  const times = [...new Set(burn.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const values = burn.map((s) => {
    const column: Array<number | null> = times.map(() => null);
    for (const p of s.points) column[at.get(p.t)!] = p.burn;
    return column;
  });
  return { times, values };
}

/**
 * Legend names for the burn lines: SLO names repeat across services ("requests-availability"),
 * so each line says its service, and its region only where that tells lines apart.
 */
export function burnSeriesLabels(burn: Array<Pick<BurnSeries, "name" | "service" | "region">>): string[] {
  const base = burn.map((s) => (s.name.includes(s.service) ? s.name : `${s.service} ${s.name}`));
  const labels = base.map((b, i) => (base.filter((x) => x === b).length > 1 ? `${b} (${burn[i].region})` : b));
  // Identical even then (the same SLO twice): number them, so the legend never shows two equal entries.
  return labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} #${labels.slice(0, i).filter((x) => x === l).length + 1}`));
}

/** The short text a marker carries on the chart: what changed, without the region the tooltip has. */
export function markerText(e: Pick<TimelineEvent, "kind" | "title">): string {
  if (e.kind === "deployment") return e.title.replace(/ in [a-z0-9-]+$/, "");
  if (e.kind === "failover") return e.title.replace(/:.*$/, "");
  if (e.kind === "apply") return e.title.replace(/^terraform /, "");
  return "scenario";
}

/**
 * Which markers get a label: a label needs room, so one within `minGap` of the range after the
 * previous labelled marker is drawn without text (its line and the list below still show it).
 */
export function labelledMarkers(times: number[], start: number, end: number, minGap = 0.08): boolean[] {
  const gap = (end - start) * minGap;
  let last = -Infinity;
  const order = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
  const out = times.map(() => false);
  for (const [t, i] of order) {
    if (t < start || t > end || t - last < gap) continue;
    out[i] = true;
    last = t;
  }
  return out;
}

export type ChartMarker = { t: number; label: string; kind: TimelineEvent["kind"]; text?: string };

/**
 * The chart's markers: every event, except that when there are more than `maxDeployments`
 * deployments (a fleet of thousands of services deploys hundreds of times a day) they become one
 * marker per hour that says how many. A line per deployment would be unreadable and heavy to send.
 */
export function chartMarkers(events: Array<Pick<TimelineEvent, "at" | "kind" | "title">>, start: number, end: number, maxDeployments = 48): ChartMarker[] {
  const deployments = events.filter((e) => e.kind === "deployment");
  const individual = deployments.length > maxDeployments ? events.filter((e) => e.kind !== "deployment") : events;
  const byHour = new Map<number, number>();
  if (individual !== events) for (const e of deployments) byHour.set(Math.floor(Date.parse(e.at) / HOUR) * HOUR, (byHour.get(Math.floor(Date.parse(e.at) / HOUR) * HOUR) ?? 0) + 1);
  const points = [
    ...individual.map((e) => ({ t: Date.parse(e.at), label: e.title, kind: e.kind, short: markerText(e) })),
    ...[...byHour].map(([hour, n]) => ({ t: Math.max(start, hour + HOUR / 2), label: `${n} deployments in this hour`, kind: "deployment" as const, short: `${n} deploys` })),
  ].sort((a, b) => a.t - b.t);
  const labelled = labelledMarkers(points.map((p) => p.t), start, end);
  return points.map((p, i) => ({ t: p.t, label: p.label, kind: p.kind, text: labelled[i] ? p.short : undefined }));
}
