"use client";
import { useEffect, useState } from "react";

/**
 * A page whose data could not be read. The shell around it still renders, with its banner ("No
 * database since T" while the database is dark); this says what failed, with the id to quote, and retries.
 */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [database, setDatabase] = useState<{ database: string; databaseUnreachableSince: string | null } | null>(null);
  useEffect(() => {
    void fetch("/api/health", { cache: "no-store" })
      .then((r) => r.json())
      .then(setDatabase)
      .catch(() => setDatabase(null));
  }, []);
  return (
    <div className="card" role="alert" data-testid="page-error">
      <h1>This page could not be loaded</h1>
      <p>
        {database?.database === "unreachable"
          ? `The console's database has not answered since ${database.databaseUnreachableSince ?? "a moment ago"}; what this page needs is not held here. Pages that were open keep their last data.`
          : "Reading its data failed; nothing was changed."}
      </p>
      {error.digest && <p className="small mono">Error id {error.digest} (the console's log has it)</p>}
      <button type="button" className="btn" onClick={reset}>Try again</button>
    </div>
  );
}
