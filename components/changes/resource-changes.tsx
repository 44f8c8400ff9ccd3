import Link from "next/link";
import { RESOURCE_FILTERS, type ChangeDetail, type ResourceFilter } from "@/lib/changes/queries";
import { ResourceDiff } from "./resource-diff";

/** One page of the plan's resource diffs, filtered, with links to the other pages and filters. */
export function ResourceChanges({ c, filter }: { c: ChangeDetail; filter: ResourceFilter }) {
  const link = (p: number, f: ResourceFilter) => `/changes/${c.id}?${new URLSearchParams({ page: String(p), filter: f }).toString()}`;
  return (
    <section aria-label="Resource changes" className="gap-below">
      <div className="row spread gap-below-sm">
        <h2>Resource changes ({c.resourcePage.total})</h2>
        <nav className="row small" aria-label="Filter resources">
          {RESOURCE_FILTERS.map((f) => <Link key={f} className={`btn${f === filter ? " primary" : ""}`} href={link(1, f)}>{f}</Link>)}
        </nav>
      </div>
      {c.resources.length === 0 && <p className="muted">No resources match.</p>}
      {/* A short plan reads like terraform's own output: every diff open. Long ones open the destructive. */}
      {c.resources.map((r) => <ResourceDiff key={r.address + (r.deposed ?? "")} r={r} defaultOpen={r.destructive || c.resources.length <= 25} />)}
      {c.resourcePage.pages > 1 && (
        <nav className="row small" aria-label="Resource pages">
          {c.resourcePage.page > 1 && <Link className="btn" href={link(c.resourcePage.page - 1, filter)}>← Previous</Link>}
          <span>Page {c.resourcePage.page} of {c.resourcePage.pages}</span>
          {c.resourcePage.page < c.resourcePage.pages && <Link className="btn" href={link(c.resourcePage.page + 1, filter)}>Next →</Link>}
        </nav>
      )}
      {c.summary.resourcesTruncated && <p className="muted small">The stored list stops at the first resources; counts and blast radius cover all of them.</p>}
    </section>
  );
}
