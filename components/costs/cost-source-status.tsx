import { StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatDuration } from "@/lib/config/duration";
import { formatMoney } from "@/lib/costs/format";
import type { CostSourceStatus } from "@/lib/costs/source-status";

/** Settings → Cost Explorer: configured or not, cache lifetime, and this month's billed requests. */
export function CostSourceStatusSection({ sources }: { sources: CostSourceStatus[] }) {
  return (
    <section className="card" aria-labelledby="cost-explorer-h" data-testid="cost-source-status">
      <h2 id="cost-explorer-h">Cost Explorer</h2>
      {sources.length === 0 && <p className="muted">No cost source. Add a source of kind <code>cost-explorer</code> to read AWS billing data.</p>}
      {sources.map((s) => (
        <div key={s.name} style={{ marginBottom: 10 }}>
          <h3>
            {s.name} <span className="muted small">({s.kind})</span>{" "}
            {s.kind === "demo" ? <StatusBadge status="ok" /> : s.configured ? <span className="badge ok">configured</span> : <span className="badge bad">not configured</span>}
          </h3>
          {s.kind === "demo" ? (
            <p className="muted small">Demo billing data is generated locally: no requests, no charges.</p>
          ) : (
            <dl className="kv">
              {!s.configured && (
                <>
                  <dt>Missing</dt>
                  <dd>Set {s.missing.join(" and ")} in the console&apos;s environment.</dd>
                </>
              )}
              <dt>Refreshes</dt>
              <dd>at most every {formatDuration(s.refreshMs ?? 0)} (the source&apos;s <code>interval</code>; under 1 h means the 6 h default), or on an admin&apos;s refresh</dd>
              <dt>Requests this month</dt>
              <dd data-testid="ce-requests-month">{s.requestsThisMonth} (≈ {formatMoney(s.costThisMonthMicros)} at $0.01 each)</dd>
              <dt>Cached answers</dt>
              <dd>{s.cachedAnswers}{s.newestFetchedAt && <> — newest <TimeAgo iso={s.newestFetchedAt} />, oldest <TimeAgo iso={s.oldestFetchedAt} /></>}</dd>
            </dl>
          )}
        </div>
      ))}
    </section>
  );
}
