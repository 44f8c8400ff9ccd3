import type { Metadata } from "next";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { isDemoMode } from "@/lib/config/store";
import { SCENARIO_INFO } from "@/lib/demo/scenarios";
import { getFleetState } from "@/lib/demo/state";
import { recently } from "@/lib/live/recently";
import { IncidentPanel } from "@/components/overview/incident-panel";
import { BurningSlosPanel, ReadinessPanel, RegionHealthPanel, SourcesPanel, TimelinePanel } from "@/components/overview/panels";
import { Badge } from "@/components/ui/badge";
import { getDataVersion, isCollectingSince } from "@/lib/live/data-version";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

/** The incident overview: every panel streams on its own, so the first answers show while slower ones load. */
export default async function OverviewPage() {
  const actor = await requirePage("dashboard.read", "/");
  // Read before anything the page shows: its live poll starts from this version (lib/live/data-version.ts).
  const live = await getDataVersion();
  // Shared by a crowd of viewers for up to a second (lib/live/recently.ts).
  const fleet = isDemoMode() ? await recently("demo-fleet-state", () => getFleetState()) : null;
  const collecting = fleet ? isCollectingSince(live, fleet.scenarioSince) : false;
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="What to do now, region health, SLOs burning now, failover readiness, what changed, and how fresh it all is."
        actions={
          fleet ? (
            <>
              <Badge tone={fleet.scenario === "steady" ? "ok" : "warn"}>Demo scenario: {SCENARIO_INFO[fleet.scenario].label}</Badge>
              {collecting && <span data-testid="collecting"><Badge tone="info">collecting…</Badge></span>}
            </>
          ) : undefined
        }
      />
      <LiveRefresh version={live.version} />
      <div className="grid">
        {/* Leads with what to do when a region is in trouble; renders nothing otherwise. */}
        <Suspense fallback={null}>
          <IncidentPanel canRequest={can(actor.role, "failovers.request")} />
        </Suspense>
        <Suspense fallback={<Skeleton size="short" label="regions" />}>
          <RegionHealthPanel />
        </Suspense>
        <div className="grid cols-2">
          <Suspense fallback={<Skeleton size="medium" label="burning SLOs" />}>
            <BurningSlosPanel />
          </Suspense>
          <Suspense fallback={<Skeleton size="medium" label="readiness" />}>
            <ReadinessPanel />
          </Suspense>
        </div>
        <Suspense fallback={<Skeleton size="tall" label="timeline" />}>
          <TimelinePanel />
        </Suspense>
        <Suspense fallback={<Skeleton size="medium" label="sources" />}>
          <SourcesPanel />
        </Suspense>
      </div>
    </>
  );
}
