import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { NotFoundError } from "@/lib/http/errors";
import { getRegionDetailView } from "@/lib/overview/queries";
import { CapacityBar } from "@/components/regions/capacity-bar";
import { RegionServicesTable } from "@/components/regions/region-services-table";
import { RegionReadiness } from "@/components/replication/region-readiness";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { TimeAgo } from "@/components/ui/time-ago";

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
        <div className="alert bad" role="alert" style={{ marginBottom: 12 }} data-testid="region-unreachable">
          <strong>{summary.id} is unreachable</strong>: <NoDataSince iso={summary.unreachableSince} />. Nothing current is known; capacity, clusters and services below are the last-known data.
        </div>
      )}
      <div className="grid cols-2" style={{ marginBottom: 14 }}>
        <section className="card">
          <h2>Capacity <DataAge iso={summary.dataAsOf} /></h2>
          <div className="grid" style={{ gap: 10 }}>
            <CapacityBar label="CPU" requested={summary.requested.cpu} allocatable={summary.allocatable.cpu} unit="cores" known={summary.capacityKnown} />
            <CapacityBar label="Memory" requested={summary.requested.memoryGiB} allocatable={summary.allocatable.memoryGiB} unit="GiB" known={summary.capacityKnown} />
          </div>
        </section>
        <Suspense fallback={<div className="card skeleton" style={{ minHeight: 120 }} />}>
          <RegionReadiness regionId={summary.id} />
        </Suspense>
      </div>
      <section className="card table-wrap" style={{ marginBottom: 14 }}>
        <h2>Clusters</h2>
        <table className="table" data-testid="clusters-table">
          <thead><tr><th>Cluster</th><th>Status</th><th>Kubernetes</th><th>Node groups (ready / desired, min–max)</th><th>Nodes</th><th>Capacity</th><th>Data</th></tr></thead>
          <tbody>
            {detail.clusters.length === 0 && <tr><td colSpan={7} className="muted">No clusters configured or reported in this region.</td></tr>}
            {detail.clusters.map((c) => (
              <tr key={c.id} data-testid={`cluster-${c.id}`}>
                <td><span className="mono">{c.id}</span><div className="small muted">{c.kind}</div></td>
                <td>
                  <StatusBadge status={c.status} />
                  {c.status === "unreachable" && (
                    <div className="small" style={{ color: "var(--bad)" }}>
                      {c.unreachableSince ? <>unreachable since <TimeAgo iso={c.unreachableSince} />; showing last-known data</> : c.fetchedAt ? "unreachable" : "never reached"}
                      {c.error && <div className="muted">{c.error}</div>}
                    </div>
                  )}
                </td>
                <td className="mono">{c.version}</td>
                <td className="small">
                  {c.nodeGroups.length === 0 ? <span className="muted">—</span> : c.nodeGroups.map((g) => (
                    <div key={g.name}><span className="mono">{g.name}</span> {g.instanceType}: {g.ready}/{g.desired} ({g.min}–{g.max}){g.ready < g.desired && <> <Badge tone="warn">not all ready</Badge></>}</div>
                  ))}
                </td>
                <td style={{ textAlign: "right" }}>{c.nodes}</td>
                <td style={{ minWidth: 220 }}>
                  <CapacityBar label="CPU" requested={c.requested.cpu} allocatable={c.allocatable.cpu} unit="cores" known={c.capacityKnown !== false} />
                  <CapacityBar label="Memory" requested={c.requested.memoryGiB} allocatable={c.allocatable.memoryGiB} unit="GiB" known={c.capacityKnown !== false} />
                </td>
                <td className="small">{c.fetchedAt ? <DataAge iso={c.fetchedAt} label="read" /> : <span className="muted">never</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" data-testid="region-services">
        <h2>Services</h2>
        <RegionServicesTable services={detail.services} />
      </section>
    </>
  );
}
