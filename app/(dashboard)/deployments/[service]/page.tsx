import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";
import { getServiceHistory } from "@/lib/deployments/queries";
import { serviceHistoryQuery, serviceParams } from "@/lib/deployments/schemas";
import { NotFoundError } from "@/lib/http/errors";
import { HistoryEventsTable, HistoryRegionCards } from "@/components/deployments/service-history";
import { VersionTimeline } from "@/components/deployments/version-timeline";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Version history" };
export const dynamic = "force-dynamic";

export default async function ServiceHistoryPage({ params, searchParams }: { params: Promise<{ service: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ service }, sp] = await Promise.all([params, searchParams]);
  await requirePage("dashboard.read", `/deployments/${service}`);
  const p = serviceParams.safeParse({ service });
  if (!p.success) notFound();
  const q = serviceHistoryQuery.safeParse({ days: sp.days });
  const history = await getServiceHistory(p.data.service, q.success ? q.data : { days: 30 }).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return (
    <>
      <PageHeader
        title={history.name}
        subtitle={<>{history.systemName} · team {history.team} · versions over the last {Math.round((Date.parse(history.to) - Date.parse(history.from)) / 86_400_000)} days</>}
        actions={<Link className="btn" href={`/deployments?q=${history.service}`}>← Matrix</Link>}
      />
      <FreshnessNotice freshness={{ fetchedAt: history.fetchedAt, staleSources: history.staleSources }} />
      <HistoryRegionCards history={history} />
      <section className="card gap-below">
        <h2>Timeline</h2>
        <VersionTimeline regions={history.regions} from={history.from} to={history.to} />
        <p className="small muted">Bars are the versions each region ran; a dashed line marks when the region&apos;s drift from {history.referenceRegion ?? "the reference region"} began.</p>
      </section>
      <HistoryEventsTable history={history} />
    </>
  );
}
