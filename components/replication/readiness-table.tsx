"use client";
import type { ReadinessRow } from "@/lib/replication/queries";
import { VERDICT_ORDER } from "@/lib/replication/readiness";
import { StatusBadge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { SortableTable } from "@/components/ui/sortable-table";
import { withoutRepeatedState } from "@/components/ui/tone";
import { formatSeconds } from "./format-lag";


/** One verdict per service and region pair, with every reason that is not ok (worst first). */
export function ReadinessTable({ rows, empty = "No protected services: none has an active and a dormant region." }: { rows: ReadinessRow[]; empty?: string }) {
  return (
    <SortableTable
      rows={rows}
      rowKey={(r) => `${r.service}|${r.from}|${r.to}`}
      initialSort={{ key: "verdict", dir: "asc" }}
      empty={empty}
      columns={[
        { key: "service", header: "Service", cell: (r) => <span title={r.service}>{r.serviceName}{r.tier === "critical" && <span className="muted small"> · critical</span>}<div className="id">{r.service}</div></span>, sortValue: (r) => r.serviceName },
        { key: "pair", header: "Failover", cell: (r) => <span className="route">{r.from} → {r.to}</span>, sortValue: (r) => `${r.from}${r.to}` },
        { key: "verdict", header: "Verdict", cell: (r) => <span data-testid={`readiness-${r.service}`}><StatusBadge status={r.verdict} /></span>, sortValue: (r) => VERDICT_ORDER[r.verdict] },
        {
          key: "reasons",
          header: "Reasons",
          cell: (r) =>
            r.reasons.length === 0 ? (
              <span className="muted small">every check passes</span>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 16 }} data-testid={`reasons-${r.service}`}>
                {r.reasons.map((x) => (
                  <li key={x.check} className="small">
                    <strong>{x.check}</strong> ({x.verdict}): {withoutRepeatedState(x.message)}
                  </li>
                ))}
              </ul>
            ),
        },
        {
          key: "loss",
          header: "Data loss if now",
          cell: (r) => (
            <span>
              {r.expectedDataLossSec !== null ? formatSeconds(r.expectedDataLossSec) : r.lastKnownDataLoss ? <>≥ {formatSeconds(r.lastKnownDataLoss.seconds)} <span className="small muted">last-known</span></> : <span className="muted">unknown</span>}
              <div><DataAge iso={r.lastKnownDataLoss?.asOf ?? r.dataAsOf} /></div>
            </span>
          ),
          sortValue: (r) => r.expectedDataLossSec ?? r.lastKnownDataLoss?.seconds ?? null,
          align: "right",
        },
      ]}
    />
  );
}
