import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { listLinks, listReadinessRows } from "@/lib/replication/queries";
import { LinksTable } from "@/components/replication/links-table";
import { ReadinessTable } from "@/components/replication/readiness-table";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Replication" };
export const dynamic = "force-dynamic";

async function LinksPanel() {
  const { links, freshness } = await listLinks();
  return (
    <section className="card" aria-labelledby="links-h">
      <h2 id="links-h">Replication links</h2>
      <FreshnessNotice freshness={freshness} />
      <LinksTable links={links} />
    </section>
  );
}

async function ReadinessPanel() {
  const { readiness } = await listReadinessRows();
  return (
    <section className="card" aria-labelledby="readiness-h">
      <h2 id="readiness-h">Failover readiness</h2>
      <p className="muted small">
        Per protected service and region pair, from replication lag against RPO, target region health, capacity headroom, version parity, last backup and last drill.
      </p>
      <ReadinessTable rows={readiness} />
    </section>
  );
}

function PanelSkeleton({ height }: { height: number }) {
  return <div className="card skeleton" style={{ height }} aria-busy="true" aria-label="Loading" />;
}

export default async function ReplicationPage() {
  await requirePage("dashboard.read", "/replication");
  return (
    <>
      <PageHeader title="Replication" subtitle="Can the dormant region take over right now, and what would we lose?" />
      <LiveRefresh />
      <div className="grid">
        <Suspense fallback={<PanelSkeleton height={320} />}>
          <LinksPanel />
        </Suspense>
        <Suspense fallback={<PanelSkeleton height={420} />}>
          <ReadinessPanel />
        </Suspense>
      </div>
    </>
  );
}
