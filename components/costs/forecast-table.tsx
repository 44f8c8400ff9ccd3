"use client";
import { SortableTable } from "@/components/ui/sortable-table";
import { formatMoney } from "@/lib/costs/format";
import type { ForecastPoint } from "@/lib/costs/types";

/** The monthly forecast as a table (the chart's numbers, for the review deck). */
export function ForecastTable({ points, unit }: { points: ForecastPoint[]; unit: string }) {
  const hasBounds = points.some((p) => p.lowerMicros !== undefined);
  return (
    <SortableTable
      rows={points}
      rowKey={(p) => p.date}
      empty="No forecast."
      columns={[
        { key: "month", header: "Period", cell: (p) => p.date.slice(0, 7), sortValue: (p) => p.date },
        { key: "mean", header: "Forecast", cell: (p) => formatMoney(p.meanMicros, unit), sortValue: (p) => p.meanMicros, align: "right" },
        ...(hasBounds
          ? [{ key: "range", header: "80 % interval", cell: (p: ForecastPoint) => `${formatMoney(p.lowerMicros ?? 0, unit)} – ${formatMoney(p.upperMicros ?? 0, unit)}`, align: "right" as const }]
          : []),
      ]}
    />
  );
}
