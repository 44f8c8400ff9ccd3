import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { NotFoundError } from "@/lib/http/errors";
import { getRegionDetailView } from "@/lib/overview/queries";
import { CapacityBar } from "@/components/regions/capacity-bar";
import { ClustersTable } from "@/components/regions/clusters-table";
import { RegionServicesTable } from "@/components/regions/region-services-table";
import { RegionReadiness } from "@/components/replication/region-readiness";
import { StatusBadge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Region" };
export const dynamic = "force-dynamic";

export default async function RegionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage("dashboard.read", `/regions/${id}`);
  const detail = await getRegionDetailView(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const { summary } = detail;
  return (
    <>
      <PageHeader
        title={`${summary.id} · ${summary.name}`}
        subtitle={<>Health <span data-testid="region-health"><StatusBadge status={summary.health} /></span>{summary.healthWhy && <span className="small muted" data-testid="region-health-why"> ({summary.healthWhy})</span>} · {summary.clusters} clusters · {summary.nodes} nodes · {summary.services.active} active, {summary.services.dormant} dormant, {summary.services.activeActive} active-active services</>}
        actions={<Link className="btn" href="/regions">← Regions</Link>}
      />
      <FreshnessNotice freshness={{ fetchedAt: detail.fetchedAt, staleSources: detail.staleSources }} />
      {summary.health === "unreachable" && (
        <div className="alert bad gap-below-md" role="alert" data-testid="region-unreachable">
          <strong>{summary.id} is unreachable</strong>: <NoDataSince iso={summary.unreachableSince} />. Nothing current is known; capacity, clusters and services below are the last-known data.
        </div>
      )}
      <div className="grid cols-2 gap-below">
        <section className="card">
          <h2>Capacity <DataAge iso={summary.dataAsOf} /></h2>
          <div className="grid tight">
            <CapacityBar label="CPU" requested={summary.requested.cpu} allocatable={summary.allocatable.cpu} unit="cores" known={summary.capacityKnown} />
            <CapacityBar label="Memory" requested={summary.requested.memoryGiB} allocatable={summary.allocatable.memoryGiB} unit="GiB" known={summary.capacityKnown} />
          </div>
        </section>
        <Suspense fallback={<Skeleton size="short" label="failover readiness" />}>
          <RegionReadiness regionId={summary.id} />
        </Suspense>
      </div>
      <ClustersTable clusters={detail.clusters} />
      <section className="card" data-testid="region-services">
        <h2>Services</h2>
        <RegionServicesTable services={detail.services} />
      </section>
    </>
  );
}
