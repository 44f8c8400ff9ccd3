"use client";
import Link from "next/link";
import type { LinkRow } from "@/lib/replication/queries";
import { Sparkline } from "@/components/charts/sparkline";
import { StatusBadge } from "@/components/ui/badge";
import { SortableTable } from "@/components/ui/sortable-table";
import { colorOf, withoutRepeatedState } from "@/components/ui/tone";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { formatNaturalLag, formatSeconds } from "./format-lag";

const STATE_ORDER = { stalled: 0, breach: 1, unknown: 2, warning: 3, ok: 4 } as const;

export function LinksTable({ links }: { links: LinkRow[] }) {
  return (
    <SortableTable
      rows={links}
      rowKey={(l) => l.linkId}
      initialSort={{ key: "state", dir: "asc" }}
      empty="No replication links are configured (links: in the configuration)."
      columns={[
        {
          key: "link",
          header: "Link",
          // The name says which way it runs now; the configured id (named once, at setup) is kept for reference.
          cell: (l) => <><Link href={`/replication/${l.linkId}`}>{l.name}</Link><div className="mono muted small">{l.linkId}</div></>,
          sortValue: (l) => l.name,
        },
        { key: "service", header: "Service", cell: (l) => l.service, sortValue: (l) => l.service },
        { key: "ends", header: "From → to", cell: (l) => <span className="route">{l.from} → {l.to}</span>, sortValue: (l) => `${l.from}${l.to}` },
        { key: "engine", header: "Engine", cell: (l) => l.engine, sortValue: (l) => l.engine },
        { key: "lag", header: "Lag", cell: (l) => <>{formatNaturalLag(l)}{l.state === "unknown" && l.lag !== null && <div className="small muted">last-known</div>}</>, sortValue: (l) => l.lagSeconds ?? l.lag, align: "right" },
        { key: "time", header: "≈ time", cell: (l) => (l.unit === "bytes" ? <span className="muted small">n/a</span> : formatSeconds(l.lagSeconds)), sortValue: (l) => l.lagSeconds, align: "right" },
        { key: "rpo", header: "RPO", cell: (l) => formatSeconds(l.rpoSeconds), sortValue: (l) => l.rpoSeconds, align: "right" },
        {
          key: "state",
          header: "State",
          cell: (l) => (
            <span data-testid={`link-state-${l.linkId}`} title={l.reason}>
              <StatusBadge status={l.state} />
              <div className="muted small">{withoutRepeatedState(l.reason, l.state)}</div>
            </span>
          ),
          sortValue: (l) => STATE_ORDER[l.state],
        },
        { key: "trend", header: "Last 20 min", cell: (l) => <Sparkline values={l.sparkline} color={colorOf(l.state)} label={`lag trend of ${l.linkId}`} scale={{ format: (v) => formatNaturalLag({ unit: l.unit, lag: v }), threshold: { value: l.warning, name: "warning" } }} /> },
        { key: "sampled", header: "Sampled", cell: (l) => (l.state === "unknown" ? <NoDataSince iso={l.noSamplesSince} /> : <DataAge iso={l.sampledAt} label="" />), sortValue: (l) => l.sampledAt },
      ]}
    />
  );
}
