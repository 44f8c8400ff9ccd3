"use client";
import { SortableTable } from "@/components/ui/sortable-table";
import { formatMoney, formatMoneyDelta } from "@/lib/costs/format";
import type { CostAnomaly } from "@/lib/costs/types";

/** Cost Anomaly Detection's findings: when, how much, and why (service, region, usage type). */
export function AnomaliesTable({ anomalies }: { anomalies: CostAnomaly[] }) {
  return (
    <SortableTable
      rows={anomalies}
      rowKey={(a) => a.id}
      initialSort={{ key: "start", dir: "desc" }}
      empty="No anomalies in the last 90 days."
      columns={[
        { key: "service", header: "Service", cell: (a) => <strong>{a.meridianService ?? a.dimensionValue ?? "—"}</strong>, sortValue: (a) => a.meridianService ?? a.dimensionValue },
        { key: "start", header: "Started", cell: (a) => a.startDate, sortValue: (a) => a.startDate },
        { key: "end", header: "Last seen", cell: (a) => a.endDate ?? "ongoing", sortValue: (a) => a.endDate },
        {
          key: "impact",
          header: "Impact",
          cell: (a) => (
            <span>
              <span className="badge bad">{formatMoneyDelta(a.impact.totalMicros, a.unit)}</span>
              {a.impact.percentage !== null && <span className="muted small"> ({a.impact.percentage} % over {formatMoney(a.impact.expectedMicros, a.unit)} expected)</span>}
            </span>
          ),
          sortValue: (a) => a.impact.totalMicros,
          align: "right",
        },
        {
          key: "causes",
          header: "Root causes",
          cell: (a) => (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {a.rootCauses.map((c, i) => (
                <li key={i} className="small">
                  {[c.service, c.region, c.usageType].filter(Boolean).join(" · ")}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}
