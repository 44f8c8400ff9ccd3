import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { getConfig } from "@/lib/config/store";
import { getSloOverview } from "@/lib/slos/queries";
import { listSlosQuery, type ListSlosQuery } from "@/lib/slos/schemas";
import { displayIssue, displayPath } from "@/lib/config/display-path";
import { getSloFileState } from "@/lib/slos/store";
import { SloFilters } from "@/components/slos/slo-filters";
import { SloSummaryPanel } from "@/components/slos/slo-summary";
import { SloTable } from "@/components/slos/slo-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { getDataVersion } from "@/lib/live/data-version";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "SLOs" };
export const dynamic = "force-dynamic";

async function SloPanels({ query }: { query: ListSlosQuery }) {
  const { rows, summary, freshness } = await getSloOverview(query);
  return (
    <>
      <FreshnessNotice freshness={freshness} />
      <SloSummaryPanel summary={summary} />
      <section className="card" aria-labelledby="slo-table-h">
        <h2 id="slo-table-h" className="flush-top">Compliance by service and region</h2>
        <SloTable rows={rows} sort={query.sort ? { key: query.sort, dir: query.dir ?? "asc" } : undefined} />
      </section>
    </>
  );
}

function PanelsSkeleton() {
  return (
    <div className="grid">
      <div className="grid cols-2"><Skeleton size="medium" label="SLOs now" /><Skeleton size="medium" label="budget by system" /></div>
      <Skeleton size="tall" label="SLO compliance" />
    </div>
  );
}

export default async function SlosPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("dashboard.read", "/slos");
  // Read before anything the page shows: its live poll starts from this version (lib/live/data-version.ts).
  const live = await getDataVersion();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = listSlosQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const config = getConfig();
  const file = getSloFileState();
  return (
    <>
      <PageHeader title="SLOs" subtitle="Error budgets, burn rates and multi-window alerts per service and region." />
      <LiveRefresh version={live.version} />
      {!parsed.success && <div className="alert warn gap-below-md" role="alert">Some filters were invalid and were ignored: {parsed.error.issues[0]?.message}</div>}
      {file.rejected && (
        <div className="alert bad gap-below-md" role="alert">
          The last edit of {file.file && displayPath(file.file)} was refused ({file.rejected.issues.map((i) => displayIssue(i))[0]?.message}); {file.loadedAt ? "the previous SLO definitions stay in force" : "no SLO definitions are in force"}. Details on Settings.
        </div>
      )}
      {file.definitions.length === 0 ? (
        <EmptyState title="No SLOs defined">
          <p>{file.file ? `${displayPath(file.file)} defines no SLOs.` : "Name an SLO file in the configuration (slos: { file: … }); see docs/slos.md."}</p>
        </EmptyState>
      ) : (
        <>
          <SloFilters query={query} systems={config.systems.map((s) => ({ id: s.id, name: s.name }))} regions={config.regions.map((r) => r.id)} />
          <Suspense fallback={<PanelsSkeleton />}>
            <SloPanels query={query} />
          </Suspense>
        </>
      )}
    </>
  );
}
