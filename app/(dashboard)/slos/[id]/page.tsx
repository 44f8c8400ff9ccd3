import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { NotFoundError } from "@/lib/http/errors";
import { getSloDetail } from "@/lib/slos/queries";
import { sloSeriesQuery } from "@/lib/slos/schemas";
import { Skeleton } from "@/components/shell/page-loading";
import { SloCharts } from "@/components/slos/slo-charts";
import { SloBurnTables, SloDefinitionCard, SloTiles } from "@/components/slos/slo-detail";
import { formatWindow } from "@/components/slos/format";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { NoDataSince } from "@/components/ui/data-age";

export const metadata: Metadata = { title: "SLO" };
export const dynamic = "force-dynamic";

export default async function SloPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  await requirePage("dashboard.read", `/slos/${id}`);
  const detail = await getSloDetail(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { row } = detail;
  const range = sloSeriesQuery.safeParse({ range: sp.range });
  const rangeMs = range.success ? range.data.range : null;
  return (
    <>
      <PageHeader
        title={`${row.serviceName} — ${row.name}`}
        subtitle={<><span className="mono">{row.region}</span> · {row.kind}{detail.thresholdMs !== null ? ` (faster than ${detail.thresholdMs / 1000} s)` : ""} · objective {row.objective} % over a rolling {formatWindow(row.windowMs)} · <Link href="/slos">all SLOs</Link></>}
      />
      <FreshnessNotice freshness={detail.freshness} />
      {!range.success && <div className="alert warn gap-below-md" role="alert">{range.error.issues[0]?.message}; showing the whole window.</div>}
      {row.noDataSince !== null && (
        <div className="alert bad gap-below-md" role="alert" data-testid="slo-no-data">
          <strong><NoDataSince iso={row.noDataSince} reason={row.noDataReason} /></strong>{row.noDataReason ? `: ${row.noDataReason}` : ""}. The state is no-data, never ok; the SLI and budget are the last computed values, frozen{row.lastKnownState ? ` (the state then was ${row.lastKnownState})` : ""}.
        </div>
      )}
      {row.errors.length > 0 && <div className="alert bad gap-below-md" role="alert">The source refused this SLO&apos;s query: {row.errors.join("; ")}</div>}
      <SloTiles detail={detail} />
      <Suspense fallback={<Skeleton size="chart" label="charts" />}>
        <SloCharts id={id} range={rangeMs === null ? "" : (sp.range ?? "")} rangeMs={rangeMs} />
      </Suspense>
      <SloBurnTables detail={detail} />
      <SloDefinitionCard detail={detail} />
    </>
  );
}
