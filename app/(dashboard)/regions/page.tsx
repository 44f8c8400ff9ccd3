import type { Metadata } from "next";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { listRegionViews } from "@/lib/overview/queries";
import { RegionsTable } from "@/components/regions/regions-table";
import { TopologySection } from "@/components/topology/topology-section";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Regions" };
export const dynamic = "force-dynamic";

export default async function RegionsPage() {
  const actor = await requirePage("dashboard.read", "/regions");
  const { regions, freshness } = await listRegionViews();
  return (
    <>
      <PageHeader title="Regions" subtitle="Clusters, capacity and the services each region runs." />
      <LiveRefresh />
      <FreshnessNotice freshness={freshness} />
      <RegionsTable regions={regions} />
      <div style={{ marginTop: 14 }}>
        <Suspense fallback={<div className="card skeleton" style={{ height: 320 }} aria-busy="true" aria-label="Loading topology" />}>
          <TopologySection canRecord={can(actor.role, "topology.record")} />
        </Suspense>
      </div>
    </>
  );
}
