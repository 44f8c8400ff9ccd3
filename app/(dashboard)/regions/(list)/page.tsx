import type { Metadata } from "next";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { readRegions } from "@/lib/read-models/queries";
import { RegionsTable } from "@/components/regions/regions-table";
import { TopologySection } from "@/components/topology/topology-section";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { getDataVersion } from "@/lib/live/data-version";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Regions" };
export const dynamic = "force-dynamic";

export default async function RegionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("dashboard.read", "/regions");
  // Read before anything the page shows: its live poll starts from this version (lib/live/data-version.ts).
  const live = await getDataVersion();
  const page = Number((await searchParams).page ?? 1);
  // The stored model, as /api/v1/regions and the overview read it: one answer for the whole crowd.
  const { regions, fetchedAt, staleSources } = await readRegions();
  const freshness = { fetchedAt, staleSources };
  return (
    <>
      <PageHeader title="Regions" subtitle="Clusters, capacity and the services each region runs." />
      <LiveRefresh version={live.version} />
      <FreshnessNotice freshness={freshness} />
      <RegionsTable regions={regions} />
      <div className="gap-above">
        <Suspense fallback={<Skeleton size="chart" label="topology" />}>
          <TopologySection canRecord={can(actor.role, "topology.record")} page={Number.isFinite(page) ? page : 1} />
        </Suspense>
      </div>
    </>
  );
}
