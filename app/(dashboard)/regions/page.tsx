import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { listRegionSummaries } from "@/lib/regions/queries";
import { RegionsTable } from "@/components/regions/regions-table";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Regions" };
export const dynamic = "force-dynamic";

export default async function RegionsPage() {
  await requirePage("dashboard.read", "/regions");
  const { regions, freshness } = await listRegionSummaries();
  return (
    <>
      <PageHeader title="Regions" subtitle="Clusters, capacity and the services each region runs." />
      <LiveRefresh />
      <FreshnessNotice freshness={freshness} />
      <RegionsTable regions={regions} />
    </>
  );
}
