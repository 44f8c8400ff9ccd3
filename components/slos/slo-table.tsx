"use client";
import Link from "next/link";
import { latencyLabel } from "@/lib/slos/latency-label";
import type { SloRow } from "@/lib/slos/queries";
import type { SloSortKey } from "@/lib/slos/schemas";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { SortableTable, type Column } from "@/components/ui/sortable-table";
import { formatBurn, formatEta, formatFraction, formatSli } from "./format";

const STATE_RANK = { page: 0, ticket: 1, ok: 2, quiet: 3, "no-data": 4 } as const;

/** Latency SLOs: the measured percentile against the threshold, red when over it. */
function LatencyLine({ row }: { row: SloRow }) {
  const l = latencyLabel(row.thresholdMs, row.latency);
  if (!l) return null;
  return <div className="small" style={{ color: l.over ? "var(--bad)" : "var(--muted)" }} data-testid="slo-row-latency">{l.text}</div>;
}

const columns: Array<Column<SloRow>> = [
  {
    key: "service",
    header: "Service / SLO",
    cell: (r) => (
      <span>
        <Link href={`/slos/${r.slo}`}>{r.serviceName}</Link> <span className="muted small">{r.name}</span>
        <LatencyLine row={r} />
        {r.errors.length > 0 && <div className="small" style={{ color: "var(--bad)" }} title={r.errors.join("\n")}>query error: {r.errors[0]}</div>}
      </span>
    ),
    sortValue: (r) => `${r.serviceName} ${r.name}`,
  },
  { key: "region", header: "Region", cell: (r) => <span className="mono">{r.region}</span>, sortValue: (r) => r.region },
  {
    key: "sli",
    header: "SLI (window)",
    cell: (r) => (
      <span>
        <span className={r.sli === null ? "muted" : "mono"}>{formatSli(r.sli)}</span>
        {r.sli !== null && <div><DataAge iso={r.dataAsOf} /></div>}
      </span>
    ),
    sortValue: (r) => r.sli,
    align: "right",
  },
  { key: "objective", header: "Objective", cell: (r) => <span className="mono">{r.objective} %</span>, sortValue: (r) => r.objective, align: "right" },
  {
    key: "budget",
    header: "Budget left",
    cell: (r) => (
      <span>
        <span className={r.budget === null ? "muted" : "mono"} style={r.budget && r.budget.remaining <= 0 ? { color: "var(--bad)" } : undefined}>{formatFraction(r.budget?.remaining)}</span>
        {r.budgetFrozen && <div><Badge tone="warn" title="The last computed budget, not recomputed while the source sends nothing">frozen</Badge></div>}
      </span>
    ),
    sortValue: (r) => r.budget?.remaining ?? null,
    align: "right",
  },
  { key: "burn1h", header: "Burn 1 h", cell: (r) => <span className="mono">{formatBurn(r.burnRates["1h"])}</span>, sortValue: (r) => r.burnRates["1h"], align: "right" },
  {
    key: "state",
    header: "Burn state",
    cell: (r) => (
      <span data-testid={`slo-state-${r.slo}`}>
        <span className="row" style={{ gap: 4 }}>
          <StatusBadge status={r.state} />
          {!r.collected && <Badge tone="neutral">{r.noDataReason ?? "not collected"}</Badge>}
        </span>
        {r.noDataSince !== null && <div><NoDataSince iso={r.noDataSince} reason={r.noDataReason} />{r.lastKnownState && <span className="small muted"> · was {r.lastKnownState}</span>}</div>}
      </span>
    ),
    sortValue: (r) => STATE_RANK[r.state],
  },
  { key: "eta", header: "Budget gone in", cell: (r) => formatEta(r.exhaustionInMs, r.sli !== null), sortValue: (r) => r.exhaustionInMs, align: "right" },
];

export function SloTable({ rows, sort }: { rows: SloRow[]; sort?: { key: SloSortKey; dir: "asc" | "desc" } }) {
  return (
    <div data-testid="slo-table">
      <SortableTable rows={rows} columns={columns} rowKey={(r) => r.slo} initialSort={sort ?? { key: "state", dir: "asc" }} empty="No SLO matches these filters." />
    </div>
  );
}
