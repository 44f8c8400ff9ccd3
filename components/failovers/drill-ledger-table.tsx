"use client";
import Link from "next/link";
import type { DrillLedgerRow } from "@/lib/failovers/drills";
import { formatAge } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { SortableTable, type Column } from "@/components/ui/sortable-table";
import { RunStateBadge } from "./run-state-badge";

const met = (ok: boolean | null) => (ok === null ? null : <Badge tone={ok ? "ok" : "bad"}>{ok ? "met" : "missed"}</Badge>);
const days = (ms: number) => `${Math.round(ms / 86_400_000)} d`;

const columns: Array<Column<DrillLedgerRow>> = [
  { key: "service", header: "Runbook", cell: (r) => <><span className="mono">{r.service}</span><div className="small muted">{r.runbookName}</div></>, sortValue: (r) => r.service },
  { key: "drills", header: "Drills", cell: (r) => r.drills, sortValue: (r) => r.drills, align: "right" },
  {
    key: "last",
    header: "Last drill",
    cell: (r) =>
      r.lastDrill ? (
        <>
          <Link href={`/failovers/${r.lastDrill.id}`}>#{r.lastDrill.number}</Link> <RunStateBadge state={r.lastDrill.state} /> {r.lastDrill.from} → {r.lastDrill.to}
          <div className="small muted">
            {r.lastDrill.kind === "target" ? `against ${r.lastDrill.target ?? "the drill target"}` : r.lastDrill.kind === "round-trip" ? "round trip in production" : "drill"}
            {r.lastDrill.failback && <> · fail-back <Link href={`/failovers/${r.lastDrill.failback.id}`}>#{r.lastDrill.failback.number}</Link> <RunStateBadge state={r.lastDrill.failback.state} /></>}
          </div>
        </>
      ) : (
        <span className="muted">never</span>
      ),
    sortValue: (r) => r.lastDrill?.finishedAt ?? null,
  },
  { key: "rto", header: "Measured RTO / target", cell: (r) => (r.lastSuccess ? <>{r.lastSuccess.rtoSeconds ?? "?"} s / {r.rtoTargetSec} s {met(r.rtoMet)}</> : `— / ${r.rtoTargetSec} s`), sortValue: (r) => r.lastSuccess?.rtoSeconds ?? null },
  { key: "rpo", header: "Measured RPO / target", cell: (r) => (r.lastSuccess ? <>{r.lastSuccess.dataLossSeconds ?? "?"} s / {r.rpoTargetSec} s {met(r.rpoMet)}</> : `— / ${r.rpoTargetSec} s`), sortValue: (r) => r.lastSuccess?.dataLossSeconds ?? null },
  {
    key: "age",
    header: "Last worked (drill or failover)",
    cell: (r) => (
      <span data-testid={`drill-age-${r.service}`}>
        {r.ageMs === null ? "never" : formatAge(r.ageMs)}
        {r.lastExercised && r.lastExercised.mode === "failover" && <> (<Link href={`/failovers/${r.lastExercised.id}`}>failover #{r.lastExercised.number}</Link>)</>} {r.overdue ? <Badge tone="warn" title={`Drill at least every ${days(r.drillMaxAgeMs)}`}>overdue (max {days(r.drillMaxAgeMs)})</Badge> : <Badge tone="ok">current</Badge>}
      </span>
    ),
    sortValue: (r) => r.ageMs,
  },
];

export function DrillLedgerTable({ rows }: { rows: DrillLedgerRow[] }) {
  return <SortableTable rows={rows} columns={columns} rowKey={(r) => r.service} empty="No runbooks are configured." />;
}
