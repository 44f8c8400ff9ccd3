"use client";
import { SortableTable } from "@/components/ui/sortable-table";
import { formatMoney, formatShare } from "@/lib/costs/format";

export type CostTotalRow = { key: string; amountMicros: number; share: number | null };

/** Spend per group over the range, with its share; the footer total is the exact sum of the rows. */
export function CostTotalsTable({ rows, unit, keyHeader, totalMicros, testId }: { rows: CostTotalRow[]; unit: string; keyHeader: string; totalMicros: number; testId?: string }) {
  return (
    <div data-testid={testId}>
      <SortableTable
        rows={rows}
        rowKey={(r) => r.key}
        initialSort={{ key: "amount", dir: "desc" }}
        empty="No spend in this range."
        columns={[
          { key: "key", header: keyHeader, cell: (r) => r.key, sortValue: (r) => r.key },
          { key: "amount", header: `Spend (${unit})`, cell: (r) => formatMoney(r.amountMicros, unit), sortValue: (r) => r.amountMicros, align: "right" },
          { key: "share", header: "Share", cell: (r) => formatShare(r.share), sortValue: (r) => r.share, align: "right" },
        ]}
      />
      <p className="row" style={{ justifyContent: "flex-end", margin: "6px 10px 0" }}>
        <span className="muted">Total</span> <strong data-testid={testId ? `${testId}-total` : undefined}>{formatMoney(totalMicros, unit)}</strong>
      </p>
    </div>
  );
}
