/** One page of rows (1-based, clamped to the last page), with the totals a pager shows. */
export function pageOf<T>(rows: T[], page: number, pageSize: number): { rows: T[]; total: number; page: number; pages: number; pageSize: number } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { rows: rows.slice((at - 1) * pageSize, at * pageSize), total: rows.length, page: at, pages, pageSize };
}
