import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { isDemoMode } from "@/lib/config/store";
import { SCENARIO_INFO } from "@/lib/demo/scenarios";
import { getFleetState } from "@/lib/demo/state";
import { listRegionSummaries } from "@/lib/regions/queries";
import { RegionTiles } from "@/components/regions/region-tiles";
import { Badge } from "@/components/ui/badge";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requirePage("dashboard.read", "/");
  const [{ regions, freshness }, fleet] = await Promise.all([listRegionSummaries(), isDemoMode() ? getFleetState() : null]);
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="Health of every region at a glance."
        actions={fleet ? <Badge tone={fleet.scenario === "steady" ? "ok" : "warn"}>Demo scenario: {SCENARIO_INFO[fleet.scenario].label}</Badge> : undefined}
      />
      <FreshnessNotice freshness={freshness} />
      <RegionTiles regions={regions} />
    </>
  );
}
