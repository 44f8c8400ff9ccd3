/** Where a 1-based page falls among `total` rows, clamped to the last page (an empty list has one page). */
export function pageBounds(total: number, page: number, pageSize: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { page: at, pages, offset: (at - 1) * pageSize };
}

/** One page of rows, with the totals a pager shows. */
export function pageOf<T>(rows: T[], page: number, pageSize: number): { rows: T[]; total: number; page: number; pages: number; pageSize: number } {
  const { page: at, pages, offset } = pageBounds(rows.length, page, pageSize);
  return { rows: rows.slice(offset, offset + pageSize), total: rows.length, page: at, pages, pageSize };
}
