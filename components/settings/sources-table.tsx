"use client";
import type { SourceHealth } from "@/lib/snapshots/freshness";
import { Badge } from "@/components/ui/badge";
import { SortableTable } from "@/components/ui/sortable-table";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatDuration } from "@/lib/config/duration";

export function SourcesTable({ sources }: { sources: SourceHealth[] }) {
  return (
    <SortableTable
      rows={sources}
      rowKey={(s) => s.name}
      initialSort={{ key: "name", dir: "asc" }}
      empty="No collection has run yet."
      columns={[
        { key: "name", header: "Source / domain / key", cell: (s) => <span className="mono">{s.name}</span>, sortValue: (s) => s.name },
        { key: "kind", header: "Kind", cell: (s) => s.kind, sortValue: (s) => s.kind },
        {
          key: "status",
          header: "Status",
          cell: (s) => (s.retired ? <Badge tone="neutral" title="No configured job has this name any more">retired</Badge> : s.stale ? <Badge tone="warn">stale</Badge> : <Badge tone="ok">fresh</Badge>),
          sortValue: (s) => (s.retired ? 2 : s.stale ? 1 : 0),
        },
        { key: "success", header: "Last success", cell: (s) => <TimeAgo iso={s.lastSuccessAt} />, sortValue: (s) => s.lastSuccessAt },
        {
          key: "taken",
          header: "Data taken",
          cell: (s) => (
            <span className="small">
              {s.noDataSince ? <NoDataSince iso={s.noDataSince} /> : <DataAge iso={s.lastTakenAt ?? s.lastSuccessAt} label="" />}
              <div className="muted">stale after {formatDuration(s.staleAfterSec * 1000)}</div>
            </span>
          ),
          sortValue: (s) => s.ageSec,
        },
        { key: "error", header: "Last error", cell: (s) => (s.lastError ? <span><TimeAgo iso={s.lastErrorAt} />: {s.lastError}</span> : "—"), sortValue: (s) => s.lastErrorAt },
        { key: "duration", header: "Took", cell: (s) => (s.lastDurationMs === null ? "—" : `${s.lastDurationMs} ms`), sortValue: (s) => s.lastDurationMs, align: "right" },
        { key: "runs", header: "Runs / errors", cell: (s) => `${s.runs} / ${s.errorCount}`, sortValue: (s) => s.errorCount, align: "right" },
      ]}
    />
  );
}
