import type { Freshness } from "@/lib/snapshots/freshness";
import { TimeAgo } from "./time-ago";

/** Says when the data was fetched and, loudly, which sources are stale. */
export function FreshnessNotice({ freshness }: { freshness: Freshness }) {
  return (
    <div className="grid" style={{ gap: 6, marginBottom: 12 }}>
      <div className="muted small">Data fetched <TimeAgo iso={freshness.fetchedAt} /></div>
      {freshness.staleSources.length > 0 && (
        <div className="alert warn" role="status">
          <strong>Stale data:</strong>{" "}
          {freshness.staleSources.map((s, i) => (
            <span key={s.name}>
              {i > 0 && "; "}
              {s.name} — last success <TimeAgo iso={s.since} />{s.error ? ` (${s.error})` : ""}
            </span>
          ))}
          . Showing last-known data.
        </div>
      )}
    </div>
  );
}
