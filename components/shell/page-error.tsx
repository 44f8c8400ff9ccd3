"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useRequestId } from "./request-id";

type Health = { database: string; databaseUnreachableSince: string | null };

/**
 * What a page shows when its data could not be read: what failed, in words; the ids to quote (the
 * digest Next gives every server error, and the request id when this render's is known: both are in
 * the console's log line for it); and a retry. The shell around it still renders, with its banner
 * ("No database since T" while the database is dark).
 */
export function PageError({ what, error, reset }: { what: string; error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const requestId = useRequestId();
  const [retrying, startRetry] = useTransition();
  const [failedAt] = useState(() => new Date().toISOString().replace(/\.\d+Z$/, "Z"));
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    void fetch("/api/health", { cache: "no-store" })
      .then((r) => r.json())
      .then(setHealth)
      .catch(() => setHealth(null));
  }, [error]);
  // A server error needs its data read again: refresh the route and reset the boundary in one
  // transition (what Next 16.4's retry() prop does), so the error stays until the new render is ready.
  const retry = () => startRetry(() => { router.refresh(); reset(); });
  return (
    <div className="card" role="alert" data-testid="page-error">
      <h1>{what[0].toUpperCase() + what.slice(1)} could not be loaded</h1>
      <p>
        {health?.database === "unreachable"
          ? `The console's database has not answered since ${health.databaseUnreachableSince ?? "a moment ago"}; what this page needs is not held here. Pages that were open keep their last data.`
          : "Reading its data failed; nothing was changed."}
      </p>
      <dl className="kv small" data-testid="page-error-ids">
        {error.digest && <><dt>Error id</dt><dd className="mono" data-testid="error-digest">{error.digest}</dd></>}
        {requestId && <><dt>Request id</dt><dd className="mono" data-testid="error-request-id">{requestId}</dd></>}
        <dt>At</dt><dd className="mono">{failedAt}</dd>
      </dl>
      <p className="muted small">Quote {error.digest && requestId ? "these ids" : "this id"}: the console&apos;s log has the reason under {error.digest && requestId ? "them" : "it"}.</p>
      <button type="button" className="btn primary" onClick={retry} disabled={retrying}>{retrying ? "Trying again…" : "Try again"}</button>
    </div>
  );
}
