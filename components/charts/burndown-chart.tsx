"use client";
import { budgetAxis } from "@/lib/slos/chart-axes";
import { TimeLineChart, type ChartMarker, type ChartSeries } from "./sli-chart";

/** Error budget left over the rolling window (100 % = untouched, 0 = gone), with deployments marked. */
export function BurndownChart({ series, markers, start, end }: { series: ChartSeries[]; markers: ChartMarker[]; start: number; end: number }) {
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v): v is number => v !== null);
  const axis = budgetAxis(values);
  return (
    <div data-testid="burndown-chart">
      <TimeLineChart
        label="Error budget remaining over time"
        series={series}
        markers={markers}
        start={start}
        end={end}
        yDomain={axis.domain}
        yTicks={axis.ticks}
        unit=" %"
        reference={{ y: 0, label: "budget exhausted", color: "var(--bad)" }}
      />
    </div>
  );
}
