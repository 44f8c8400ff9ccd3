import Link from "next/link";

export type Params = Record<string, string | undefined>;

/** The path with these search params, overridden by `over`; empty values are dropped. */
export function hrefWith(path: string, params: Params, over: Params = {}): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...over })) if (v) next.set(k, v);
  return `${path}${next.size ? `?${next}` : ""}`;
}

/** Previous / next links that keep the page's other search params (works without JavaScript). */
export function Pager({ path, params, page, pages }: { path: string; params: Params; page: number; pages: number }) {
  if (pages <= 1) return null;
  const off = (label: string) => <span className="btn" aria-disabled="true" style={{ opacity: 0.5 }}>{label}</span>;
  return (
    <nav className="row" aria-label="Pages" style={{ marginTop: 10 }}>
      {page > 1 ? <Link className="btn" href={hrefWith(path, params, { page: String(page - 1) })}>← Previous</Link> : off("← Previous")}
      <span className="muted">Page {page} of {pages}</span>
      {page < pages ? <Link className="btn" href={hrefWith(path, params, { page: String(page + 1) })}>Next →</Link> : off("Next →")}
    </nav>
  );
}
