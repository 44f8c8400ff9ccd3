import { TimeAgo } from "@/components/ui/time-ago";
import type { CostFreshness } from "@/lib/costs/queries";

/** Where a panel's numbers come from and how old they are; loud when a refresh failed. */
export function CostFreshnessNote({ freshness }: { freshness: CostFreshness }) {
  if (freshness.stale)
    return (
      <p className="alert warn small" role="status" style={{ margin: "6px 0" }}>
        <strong>Last known data</strong> from {freshness.source}, fetched <TimeAgo iso={freshness.fetchedAt} />: the refresh failed ({freshness.error}).
      </p>
    );
  return (
    <p className="muted small" style={{ margin: "6px 0" }}>
      {freshness.sourceKind === "demo" ? "Demo fleet" : `Cost Explorer (${freshness.source})`}, fetched <TimeAgo iso={freshness.fetchedAt} />
    </p>
  );
}

/** A panel whose source could not answer and has nothing cached. */
export function CostPanelError({ title, error }: { title: string; error: unknown }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <p className="alert bad" role="alert">{error instanceof Error ? error.message : String(error)}</p>
    </section>
  );
}
