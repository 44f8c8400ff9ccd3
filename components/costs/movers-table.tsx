"use client";
import { SortableTable } from "@/components/ui/sortable-table";
import { formatMoney, formatMoneyDelta, formatShare } from "@/lib/costs/format";
import type { CostMover } from "@/lib/costs/movers";

/** Largest changes month-to-date against the same days of last month. */
export function MoversTable({ movers, unit, keyHeader }: { movers: CostMover[]; unit: string; keyHeader: string }) {
  return (
    <SortableTable
      rows={movers}
      rowKey={(m) => m.key}
      empty="Nothing changed."
      columns={[
        { key: "key", header: keyHeader, cell: (m) => m.key, sortValue: (m) => m.key },
        { key: "current", header: "This month so far", cell: (m) => formatMoney(m.currentMicros, unit), sortValue: (m) => m.currentMicros, align: "right" },
        { key: "previous", header: "Same days last month", cell: (m) => formatMoney(m.previousMicros, unit), sortValue: (m) => m.previousMicros, align: "right" },
        {
          key: "delta",
          header: "Change",
          cell: (m) => <span className={`badge ${m.deltaMicros > 0 ? "warn" : "ok"}`}>{formatMoneyDelta(m.deltaMicros, unit)}</span>,
          sortValue: (m) => m.deltaMicros,
          align: "right",
        },
        { key: "ratio", header: "%", cell: (m) => (m.deltaRatio === null ? "new" : formatShare(m.deltaRatio, true)), sortValue: (m) => m.deltaRatio, align: "right" },
      ]}
    />
  );
}
