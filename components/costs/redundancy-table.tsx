"use client";
import { StatusBadge } from "@/components/ui/badge";
import { SortableTable } from "@/components/ui/sortable-table";
import { formatMoney, formatShare } from "@/lib/costs/format";
import type { ServiceRedundancy } from "@/lib/costs/redundancy";

export type RedundancyRow = ServiceRedundancy & { readiness: { verdict: string; to: string } | null };

/** Per protected service: what its dormant replicas cost and whether it could fail over now. */
export function RedundancyTable({ rows, unit }: { rows: RedundancyRow[]; unit: string }) {
  return (
    <SortableTable
      rows={rows}
      rowKey={(r) => r.serviceId}
      initialSort={{ key: "dormant", dir: "desc" }}
      empty="No protected services (stateful or critical, with a dormant region)."
      columns={[
        { key: "service", header: "Service", cell: (r) => <span title={r.serviceId}>{r.name}</span>, sortValue: (r) => r.name },
        { key: "team", header: "Team", cell: (r) => r.team, sortValue: (r) => r.team },
        { key: "regions", header: "Dormant in", cell: (r) => r.dormantRegions.map((d) => d.region).join(", ") },
        { key: "dormant", header: "Dormant spend", cell: (r) => formatMoney(r.dormantMicros, unit), sortValue: (r) => r.dormantMicros, align: "right" },
        { key: "share", header: "Of the service", cell: (r) => formatShare(r.shareOfService), sortValue: (r) => r.shareOfService, align: "right" },
        {
          key: "readiness",
          header: "Failover readiness",
          cell: (r) => (r.readiness ? <span title={`to ${r.readiness.to}`}><StatusBadge status={r.readiness.verdict} /></span> : <span className="muted" title="Readiness is not available yet">—</span>),
          sortValue: (r) => r.readiness?.verdict ?? null,
        },
      ]}
    />
  );
}
