"use client";
import { useMemo, useState, type ReactNode } from "react";

export type Column<T> = {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Value used for sorting; columns without it are not sortable. */
  sortValue?: (row: T) => string | number | null;
  align?: "left" | "right";
};

/**
 * A table whose headers sort on click or Enter; state stays local to the table. On a phone a wide
 * table's rows become cards labelled by the headers (`stack`); a narrow one scrolls in its box.
 */
export function SortableTable<T>({ rows, columns, rowKey, initialSort, caption, empty = "Nothing to show.", stack = columns.length > 4 }: {
  rows: T[];
  columns: Array<Column<T>>;
  rowKey: (row: T) => string;
  initialSort?: { key: string; dir: "asc" | "desc" };
  caption?: string;
  empty?: string;
  stack?: boolean;
}) {
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sortValue || !sort) return rows;
    const get = col.sortValue;
    const factor = sort.dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * factor;
    });
  }, [rows, columns, sort]);
  return (
    <div className="table-wrap">
      {/* A stacked table hides its headers on a phone: the sort moves into this select there. */}
      {stack && columns.some((c) => c.sortValue) && (
        <label className="phone-sort small">
          Sort by{" "}
          <select value={sort ? `${sort.key}:${sort.dir}` : ""} onChange={(e) => { const [key, dir] = e.target.value.split(":"); setSort(key ? { key, dir: dir as "asc" | "desc" } : null); }}>
            {!sort && <option value="">as listed</option>}
            {columns.filter((c) => c.sortValue).flatMap((c) => [
              <option key={`${c.key}:asc`} value={`${c.key}:asc`}>{c.header} ▲</option>,
              <option key={`${c.key}:desc`} value={`${c.key}:desc`}>{c.header} ▼</option>,
            ])}
          </select>
        </label>
      )}
      <table className={stack ? "table stack" : "table"}>
        {caption && <caption className="muted small" style={{ textAlign: "left" }}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : null;
              return (
                <th key={c.key} style={{ textAlign: c.align }} aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}>
                  {c.sortValue ? (
                    <button type="button" className="sort" onClick={() => setSort({ key: c.key, dir: dir === "asc" ? "desc" : "asc" })}>
                      {c.header} <span aria-hidden>{dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr><td colSpan={columns.length} className="muted" data-label="">{empty}</td></tr>
          )}
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => <td key={c.key} style={{ textAlign: c.align }} data-label={c.header}><div>{c.cell(row)}</div></td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
