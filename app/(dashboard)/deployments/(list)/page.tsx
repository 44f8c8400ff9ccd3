import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { getConfig } from "@/lib/config/store";
import { getDeploymentMatrix } from "@/lib/deployments/queries";
import { deploymentMatrixQuery } from "@/lib/deployments/schemas";
import { MatrixFilters } from "@/components/deployments/matrix-filters";
import { VersionMatrix } from "@/components/deployments/version-matrix";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Deployments" };
export const dynamic = "force-dynamic";

export default async function DeploymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("dashboard.read", "/deployments");
  const raw = Object.fromEntries(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" && v !== "" ? [[k, v]] : [])));
  // About 400 cells a page unless the URL asks otherwise: 20 rows at 20 regions, 100 at 2 or fewer.
  const pageSize = String(Math.min(100, Math.max(20, Math.floor(400 / getConfig().regions.length))));
  const parsed = deploymentMatrixQuery.safeParse({ pageSize, ...raw });
  const matrix = await getDeploymentMatrix(parsed.success ? parsed.data : deploymentMatrixQuery.parse({ pageSize }));
  return (
    <>
      <PageHeader title="Deployments" subtitle="What version runs where, and where regions drift from the active one." />
      <FreshnessNotice freshness={{ fetchedAt: matrix.fetchedAt, staleSources: matrix.staleSources }} />
      {!parsed.success && <div className="alert warn gap-below-md" role="alert">Some filters were invalid and were ignored: {parsed.error.issues[0]?.message}</div>}
      <Suspense fallback={<Skeleton size="strip" label="filters" className="gap-below" />}>
        <MatrixFilters facets={matrix.facets} />
      </Suspense>
      <VersionMatrix matrix={matrix} params={parsed.success ? raw : {}} now={Date.now()} />
    </>
  );
}
