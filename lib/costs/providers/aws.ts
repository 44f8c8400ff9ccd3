import { createCostExplorer, type CeGranularity, type CeGroupKey, type CeMetric, type CostExplorerOptions } from "@/lib/sources/aws-cost-explorer";
import { FORECAST_HORIZON_MONTHS, type CostSource } from "../cost-source";
import { addDays, addMonths, monthStart } from "../dates";
import { parseAmountToMicros } from "../money";
import type { CostAnomaly, CostGroupBy, CostMetric, CostPoint, Granularity } from "../types";

const GRANULARITY: Record<Granularity, CeGranularity> = { daily: "DAILY", monthly: "MONTHLY" };
const METRIC: Record<CostMetric, CeMetric> = { unblended: "UnblendedCost", amortized: "AmortizedCost" };

export type AwsCostSourceOptions = CostExplorerOptions & {
  /** Cost allocation tag keys that carry Meridian's team, system and service. */
  tags?: { team?: string; system?: string; service?: string };
};

/** Numbers in CE's anomaly Impact are doubles (not strings); round them to micros once. */
const toMicros = (n: number | undefined) => Math.round((n ?? 0) * 1_000_000);

/** Cost Explorer behind the CostSource interface; every method makes billed requests. */
export function createAwsCostSource(opts: AwsCostSourceOptions): CostSource {
  const ce = createCostExplorer(opts);
  const tags = { team: "team", system: "system", service: "service", ...opts.tags };
  const groupKey = (g: CostGroupBy): CeGroupKey => (g === "region" ? "REGION" : g === "service" ? "SERVICE" : `TAG:${tags[g]}`);

  return {
    kind: "cost-explorer",
    async getCosts(range, granularity, metric, groupBy) {
      // CE's End is exclusive; our `to` is inclusive.
      const { rows } = await ce.getCostAndUsage({ from: range.from, to: addDays(range.to, 1), granularity: GRANULARITY[granularity], metric: METRIC[metric], groupBy: [groupKey(groupBy)] });
      const points: CostPoint[] = rows.map((r) => ({ date: r.start, key: r.keys[0] || "(untagged)", amountMicros: parseAmountToMicros(r.amount) }));
      return {
        range,
        granularity,
        metric,
        groupBy,
        unit: rows[0]?.unit ?? "USD",
        points,
        totalMicros: points.reduce((s, p) => s + p.amountMicros, 0),
        estimated: rows.some((r) => r.estimated),
      };
    },
    async getForecast(asOf, granularity, metric) {
      const from = addDays(asOf, 1);
      const to = addMonths(monthStart(asOf), FORECAST_HORIZON_MONTHS[granularity] + 1);
      const f = await ce.getCostForecast({ from, to, granularity: GRANULARITY[granularity], metric: METRIC[metric] });
      const points = f.points.map((p) => ({
        date: p.start,
        meanMicros: parseAmountToMicros(p.mean),
        ...(p.lower !== null ? { lowerMicros: parseAmountToMicros(p.lower) } : {}),
        ...(p.upper !== null ? { upperMicros: parseAmountToMicros(p.upper) } : {}),
      }));
      return {
        granularity,
        metric,
        unit: f.total?.unit ?? "USD",
        points,
        totalMicros: f.total ? parseAmountToMicros(f.total.amount) : points.reduce((s, p) => s + p.meanMicros, 0),
        method: "cost-explorer",
      };
    },
    async getAnomalies(range) {
      const { anomalies } = await ce.getAnomalies({ from: range.from, to: range.to });
      return anomalies.map(
        (a): CostAnomaly => ({
          id: a.AnomalyId ?? "",
          startDate: a.AnomalyStartDate?.slice(0, 10) ?? "",
          endDate: a.AnomalyEndDate?.slice(0, 10) ?? null,
          dimensionValue: a.DimensionValue ?? null,
          rootCauses: (a.RootCauses ?? []).map((c) => ({ service: c.Service ?? null, region: c.Region ?? null, usageType: c.UsageType ?? null, linkedAccount: c.LinkedAccount ?? null })),
          impact: {
            maxMicros: toMicros(a.Impact?.MaxImpact),
            totalMicros: toMicros(a.Impact?.TotalImpact),
            actualMicros: toMicros(a.Impact?.TotalActualSpend),
            expectedMicros: toMicros(a.Impact?.TotalExpectedSpend),
            percentage: a.Impact?.TotalImpactPercentage ?? null,
          },
          score: { max: a.AnomalyScore?.MaxScore ?? 0, current: a.AnomalyScore?.CurrentScore ?? 0 },
          unit: "USD",
          meridianService: null,
        }),
      );
    },
    async getServiceRegionCosts(range, metric, granularity = "monthly") {
      const { rows } = await ce.getCostAndUsage({ from: range.from, to: addDays(range.to, 1), granularity: granularity === "daily" ? "DAILY" : "MONTHLY", metric: METRIC[metric], groupBy: [`TAG:${tags.service}`, "REGION"] });
      return {
        unit: rows[0]?.unit ?? "USD",
        rows: rows.map((r) => ({ date: r.start, service: r.keys[0] ?? "", region: r.keys[1] ?? "", amountMicros: parseAmountToMicros(r.amount) })),
      };
    },
  };
}
