"use client";
import Link from "next/link";
import type { RegionView } from "@/lib/overview/queries";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { SortableTable, type Column } from "@/components/ui/sortable-table";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { CapacityBar } from "./capacity-bar";

const columns: Array<Column<RegionView>> = [
  { key: "id", header: "Region", sortValue: (r) => r.id, cell: (r) => <><Link href={`/regions/${r.id}`}>{r.id}</Link><div className="small muted">{r.name}</div></> },
  { key: "health", header: "Health", sortValue: (r) => r.health, cell: (r) => <><span data-testid={`region-health-${r.id}`}><StatusBadge status={r.health} /></span>{r.healthWhy && <div className="small muted" data-testid={`region-health-why-${r.id}`}>{r.healthWhy}</div>}</> },
  { key: "clusters", header: "Clusters", align: "right", sortValue: (r) => r.clusters, cell: (r) => <>{r.clusters}{r.unreachableClusters > 0 && <div><Badge tone="bad">{r.unreachableClusters} unreachable</Badge></div>}</> },
  { key: "nodes", header: "Nodes", align: "right", sortValue: (r) => r.nodes, cell: (r) => r.nodes },
  { key: "cpu", header: "CPU requested / allocatable", sortValue: (r) => (r.allocatable.cpu ? r.requested.cpu / r.allocatable.cpu : 0), cell: (r) => <CapacityBar label="CPU" requested={r.requested.cpu} allocatable={r.allocatable.cpu} unit="cores" known={r.capacityKnown} /> },
  { key: "mem", header: "Memory requested / allocatable", sortValue: (r) => (r.allocatable.memoryGiB ? r.requested.memoryGiB / r.allocatable.memoryGiB : 0), cell: (r) => <CapacityBar label="Memory" requested={r.requested.memoryGiB} allocatable={r.allocatable.memoryGiB} unit="GiB" known={r.capacityKnown} /> },
  { key: "active", header: "Active", align: "right", sortValue: (r) => r.services.active, cell: (r) => r.services.active },
  { key: "dormant", header: "Dormant", align: "right", sortValue: (r) => r.services.dormant, cell: (r) => r.services.dormant },
  { key: "aa", header: "Active-active", align: "right", sortValue: (r) => r.services.activeActive, cell: (r) => r.services.activeActive },
  { key: "fetched", header: "Data", sortValue: (r) => r.fetchedAt, cell: (r) => <span className="small">{r.unreachableSince !== null ? <NoDataSince iso={r.unreachableSince} /> : <>{r.stale && <Badge tone="warn">stale</Badge>} <DataAge iso={r.dataAsOf} /></>}</span> },
];

export function RegionsTable({ regions }: { regions: RegionView[] }) {
  return (
    <div className="card" style={{ padding: 0 }} data-testid="regions-table">
      <SortableTable rows={regions} columns={columns} rowKey={(r) => r.id} caption="Click a header to sort." empty="No regions configured." />
    </div>
  );
}
