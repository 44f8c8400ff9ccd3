import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { listDrillLedger, listFailovers } from "@/lib/failovers/queries";
import { DrillLedgerTable } from "@/components/failovers/drill-ledger-table";
import { RunsTable } from "@/components/failovers/runs-table";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Failovers" };
export const dynamic = "force-dynamic";

async function RunsPanel() {
  const runs = await listFailovers({ limit: 200 });
  const review = runs.filter((r) => r.reviewRequired);
  return (
    <section className="card" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      {review.length > 0 && (
        <div className="alert warn small" role="note" data-testid="review-required">
          {review.length} run{review.length === 1 ? " was" : "s were"} executed with break-glass and need{review.length === 1 ? "s" : ""} a post-incident review: {review.map((r) => <Link key={r.id} href={`/failovers/${r.id}`}>#{r.number} </Link>)}
        </div>
      )}
      <RunsTable runs={runs} />
    </section>
  );
}

async function LedgerPanel() {
  const rows = await listDrillLedger();
  return (
    <section className="card" aria-labelledby="drills-h">
      <h2 id="drills-h">Drill ledger</h2>
      <p className="muted small">Per runbook: the last drill, RTO (request → verified) and data loss (lag at promotion) of the last successful one against the targets; drills older than the runbook&apos;s drillMaxAge are flagged, and readiness counts the drill&apos;s age.</p>
      <DrillLedgerTable rows={rows} />
    </section>
  );
}

export default async function FailoversPage() {
  const actor = await requirePage("dashboard.read", "/failovers");
  return (
    <>
      <PageHeader
        title="Failovers"
        subtitle="Regional failovers and drills behind approvals: one incident commander or two approvers, never the requester."
        actions={can(actor.role, "failovers.request") ? <Link className="btn primary" href="/failovers/new">Request a failover or drill</Link> : undefined}
      />
      <div className="grid">
        <Suspense fallback={<Skeleton size="medium" label="runs" />}>
          <RunsPanel />
        </Suspense>
        <Suspense fallback={<Skeleton size="medium" label="drill ledger" />}>
          <LedgerPanel />
        </Suspense>
      </div>
    </>
  );
}
