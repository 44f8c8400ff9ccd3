"use client";
import Link from "next/link";
import type { FailoverListItem } from "@/lib/failovers/queries";
import { Badge } from "@/components/ui/badge";
import { SortableTable, type Column } from "@/components/ui/sortable-table";
import { TimeAgo } from "@/components/ui/time-ago";
import { RunStateBadge } from "./run-state-badge";

const columns: Array<Column<FailoverListItem>> = [
  { key: "number", header: "#", cell: (r) => <Link href={`/failovers/${r.id}`}>#{r.number}</Link>, sortValue: (r) => r.number },
  { key: "service", header: "Service", cell: (r) => <span className="mono">{r.service}</span>, sortValue: (r) => r.service },
  { key: "route", header: "From → to", cell: (r) => `${r.from} → ${r.to}`, sortValue: (r) => `${r.from}${r.to}` },
  { key: "mode", header: "Mode", cell: (r) => r.mode, sortValue: (r) => r.mode },
  {
    key: "state",
    header: "State",
    cell: (r) => (
      <span data-testid={`run-state-${r.number}`}>
        <RunStateBadge state={r.state} /> {r.reviewRequired && <Badge tone="bad" title="Executed with break-glass: review after the incident">break-glass · review</Badge>}{" "}
        {r.precheckOverridden && <Badge tone="warn">precheck overridden</Badge>}
      </span>
    ),
    sortValue: (r) => r.state,
  },
  { key: "rto", header: "RTO", cell: (r) => (r.rtoSeconds === null ? "—" : `${r.rtoSeconds} s`), sortValue: (r) => r.rtoSeconds, align: "right" },
  { key: "loss", header: "Data loss", cell: (r) => (r.dataLossSeconds === null ? "—" : `${r.dataLossSeconds} s`), sortValue: (r) => r.dataLossSeconds, align: "right" },
  { key: "by", header: "Requested by", cell: (r) => r.requestedBy, sortValue: (r) => r.requestedBy },
  { key: "created", header: "Requested", cell: (r) => <TimeAgo iso={r.createdAt} />, sortValue: (r) => r.createdAt },
];

export function RunsTable({ runs }: { runs: FailoverListItem[] }) {
  return <SortableTable rows={runs} columns={columns} rowKey={(r) => r.id} initialSort={{ key: "number", dir: "desc" }} empty="No failovers or drills yet." />;
}
