"use client";
import Link from "next/link";
import type { RegionServiceRow } from "@/lib/regions/queries";
import { StatusBadge } from "@/components/ui/badge";
import { SortableTable, type Column } from "@/components/ui/sortable-table";

const columns: Array<Column<RegionServiceRow>> = [
  { key: "service", header: "Service", sortValue: (s) => s.name, cell: (s) => <><Link href={`/deployments/${s.service}`}>{s.name}</Link><div className="small muted mono">{s.service}</div></> },
  { key: "system", header: "System", sortValue: (s) => s.systemName, cell: (s) => <>{s.systemName}<div className="small muted">team {s.team}</div></> },
  { key: "role", header: "Role here", sortValue: (s) => s.role, cell: (s) => <StatusBadge status={s.role} /> },
  { key: "health", header: "Health", sortValue: (s) => s.health, cell: (s) => <StatusBadge status={s.health} /> },
  { key: "replicas", header: "Ready / desired", align: "right", sortValue: (s) => s.readyReplicas / Math.max(1, s.desiredReplicas), cell: (s) => `${s.readyReplicas} / ${s.desiredReplicas}` },
  { key: "traffic", header: "Traffic share", align: "right", sortValue: (s) => s.trafficShare, cell: (s) => `${Math.round(s.trafficShare * 100)} %` },
  { key: "tier", header: "Tier", sortValue: (s) => s.tier, cell: (s) => s.tier },
];

export function RegionServicesTable({ services }: { services: RegionServiceRow[] }) {
  return <SortableTable rows={services} columns={columns} rowKey={(s) => s.service} empty="No services reported in this region." />;
}
