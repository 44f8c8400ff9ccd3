import { SourceUnavailableError } from "@/lib/http/errors";
import { reduceVector, type PrometheusClient } from "@/lib/sources/prometheus";
import type { LinkConfig } from "../config-schema";
import type { LagSource } from "../lag-source";
import type { LagSample } from "../types";

function queryOf(link: LinkConfig): string {
  if (!link.query) throw new SourceUnavailableError(`link ${link.id}: no PromQL "query" configured for its prometheus source`);
  return link.query;
}

/**
 * Lag from PromQL (docs/replication-queries.md). Several series are read as the worst one (max):
 * a link is as far behind as its most lagging replica. No series (Prometheus drops stale ones
 * after its lookback) and NaN give sample: null with a note, which the link shows as `unknown`.
 * PromQL errors surface as PromQLError with Prometheus's own message (for Settings).
 */
export function createPrometheusLagSource(client: PrometheusClient): LagSource {
  return {
    async getLag(link, at, signal) {
      const reduced = reduceVector(await client.query(queryOf(link), at, signal), "max");
      switch (reduced.kind) {
        case "no-data":
          return { sample: null, series: 0, note: "no series (none matched, or the series went stale)" };
        case "nan":
          return { sample: null, series: reduced.seriesCount, note: "the query returned NaN" };
        case "several": // not produced with "max"; kept for exhaustiveness
          return { sample: null, series: reduced.seriesCount, note: "several series" };
        case "value":
          return {
            sample: { t: at, lag: reduced.value, replayed: null },
            series: reduced.seriesCount,
            note: reduced.seriesCount > 1 ? `${reduced.seriesCount} series; showing the largest lag` : null,
          };
      }
    },
    async getLagSeries(link, range, stepSec, signal) {
      const result = await client.queryRange(queryOf(link), { ...range, stepSec }, signal);
      // Merge series per timestamp by max, skipping NaN: the chart draws gaps where nothing is known.
      const byT = new Map<number, number>();
      for (const s of result.series)
        for (const p of s.samples) {
          if (Number.isNaN(p.v)) continue;
          const prev = byT.get(p.t);
          byT.set(p.t, prev === undefined ? p.v : Math.max(prev, p.v));
        }
      return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([t, lag]): LagSample => ({ t, lag, replayed: null }));
    },
  };
}
