import { SourceUnavailableError } from "@/lib/http/errors";
import type { CloudWatch, MetricSpec } from "@/lib/sources/aws-cloudwatch";
import type { LinkConfig } from "../config-schema";
import type { LagSource } from "../lag-source";
import type { LagSample } from "../types";

/** How far back an instant read looks for the newest datapoint: RDS publishes every minute. */
const LOOKBACK_MS = 10 * 60_000;

/** RDS ReplicaLag is in seconds; Aurora's AuroraGlobalDBReplicationLag is in milliseconds. */
export function toLagSeconds(metric: string, value: number): number {
  return metric === "AuroraGlobalDBReplicationLag" ? value / 1000 : value;
}

function specOf(link: LinkConfig, periodSec: number): { spec: MetricSpec; region: string } {
  const cw = link.cloudwatch;
  if (!cw) throw new SourceUnavailableError(`link ${link.id}: no "cloudwatch" metric configured for its cloudwatch source`);
  // The worst minute matters for RPO, not the mean.
  return { spec: { namespace: cw.namespace, metric: cw.metric, dimensions: cw.dimensions, periodSec, stat: "Maximum" }, region: cw.region };
}

/** Lag from CloudWatch; `clientFor(region)` returns a client for the metric's region (cached by the caller). */
export function createCloudWatchLagSource(clientFor: (region: string) => CloudWatch): LagSource {
  return {
    async getLag(link, at, signal) {
      const { spec, region } = specOf(link, 60);
      const series = await clientFor(region).getMetricSeries(spec, { start: at - LOOKBACK_MS, end: at }, signal);
      const last = series.points.filter((p) => Number.isFinite(p.v)).at(-1);
      if (!last) return { sample: null, series: 0, note: `no ${spec.metric} datapoints in the last ${LOOKBACK_MS / 60_000} min` };
      return { sample: { t: last.t, lag: toLagSeconds(spec.metric, last.v), replayed: null }, series: 1, note: null };
    },
    async getLagSeries(link, range, stepSec, signal) {
      // CloudWatch periods are multiples of 60 s for standard-resolution metrics.
      const period = Math.max(60, Math.round(stepSec / 60) * 60);
      const { spec, region } = specOf(link, period);
      const series = await clientFor(region).getMetricSeries(spec, range, signal);
      return series.points
        .filter((p) => Number.isFinite(p.v))
        .map((p): LagSample => ({ t: p.t, lag: toLagSeconds(spec.metric, p.v), replayed: null }));
    },
  };
}
