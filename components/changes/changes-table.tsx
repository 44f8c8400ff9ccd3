"use client";
import Link from "next/link";
import type { ChangeListItem } from "@/lib/changes/queries";
import { StatusBadge } from "@/components/ui/badge";
import { SortableTable, type Column } from "@/components/ui/sortable-table";
import { TimeAgo } from "@/components/ui/time-ago";

const columns: Array<Column<ChangeListItem>> = [
  { key: "number", header: "#", cell: (c) => <Link href={`/changes/${c.id}`}>#{c.number}</Link>, sortValue: (c) => c.number },
  { key: "title", header: "Title", cell: (c) => <Link href={`/changes/${c.id}`}>{c.title}</Link>, sortValue: (c) => c.title },
  { key: "workspace", header: "Workspace", cell: (c) => <span className="mono">{c.workspace}</span>, sortValue: (c) => c.workspace },
  { key: "state", header: "State", cell: (c) => <StatusBadge status={c.state} />, sortValue: (c) => c.state },
  { key: "plan", header: "Plan", cell: (c) => <span className="mono small">{c.planLine ?? "outputs only"}</span>, sortValue: (c) => c.counts.add + c.counts.change + c.counts.destroy },
  { key: "destructive", header: "Destructive", align: "right", cell: (c) => (c.destructive ? <span className="badge bad">{c.destructive}</span> : <span className="muted">0</span>), sortValue: (c) => c.destructive },
  { key: "requestedBy", header: "Requested by", cell: (c) => <>{c.requestedBy} <span className="muted small">({c.origin})</span></>, sortValue: (c) => c.requestedBy },
  { key: "createdAt", header: "Created (UTC)", cell: (c) => <TimeAgo iso={c.createdAt} />, sortValue: (c) => c.createdAt },
];

export function ChangesTable({ rows }: { rows: ChangeListItem[] }) {
  return <SortableTable rows={rows} columns={columns} rowKey={(c) => c.id} initialSort={{ key: "number", dir: "desc" }} empty="No change requests match." />;
}
