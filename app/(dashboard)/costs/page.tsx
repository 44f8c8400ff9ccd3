import type { Metadata } from "next";
import { Suspense } from "react";
import { CostPickers, type CostView } from "@/components/costs/cost-pickers";
import { PrintButton } from "@/components/costs/print-button";
import { RefreshCostsButton } from "@/components/costs/refresh-costs-button";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { getCostReader, isNotConfigured, type CostReader } from "@/lib/costs/cost-reader";
import { resolveRange } from "@/lib/costs/queries";
import { costApiQuery } from "@/lib/costs/schemas";
import { AnomaliesPanel, BreakdownPanel, ForecastPanel, MoversPanel, RedundancyPanel, SpendByGroupPanel, SummaryCards } from "@/components/costs/panels";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The URL's view, or the default with the reason the URL's was refused. */
function readView(sp: Awaited<SearchParams>, reader: CostReader): { view: CostView; problem: string | null } {
  const parsed = costApiQuery.safeParse({ from: first(sp.from), to: first(sp.to), granularity: first(sp.granularity), metric: first(sp.metric), groupBy: first(sp.groupBy) });
  const fallback = { ...resolveRange(reader), granularity: "monthly" as const, metric: "unblended" as const, groupBy: "region" as const };
  if (!parsed.success) return { view: fallback, problem: parsed.error.issues.map((i) => i.message).join("; ") };
  try {
    const { format: _format, ...q } = parsed.data;
    return { view: { ...q, ...resolveRange(reader, q.from, q.to) }, problem: null };
  } catch (error) {
    return { view: fallback, problem: error instanceof Error ? error.message : String(error) };
  }
}

function Panel({ height = 360, children }: { height?: number; children: React.ReactNode }) {
  return <Suspense fallback={<div className="skeleton" style={{ height }} aria-label="Loading" />}>{children}</Suspense>;
}

export default async function CostsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePage("costs.read", "/costs");
  let reader: CostReader;
  try {
    reader = await getCostReader();
  } catch (error) {
    if (!isNotConfigured(error)) throw error;
    return (
      <>
        <PageHeader title="Costs" />
        <section className="card" role="status" data-testid="costs-not-configured">
          <h2>Cost Explorer is not configured</h2>
          <p className="alert warn">{error.message}</p>
          <p>To read AWS billing data, give the console credentials of an IAM principal allowed <code>ce:GetCostAndUsage</code>, <code>ce:GetCostForecast</code> and <code>ce:GetAnomalies</code>:</p>
          <ol>
            <li>Set the variables the source names in its <code>accessKeyId</code> / <code>secretAccessKey</code> (and <code>sessionToken</code>), or remove them to use the AWS SDK&apos;s default chain (environment, shared config/SSO profile, web identity, container or instance role); <code>roleArn</code> assumes a role on top. Settings checks them.</li>
            <li>Optionally set the source&apos;s <code>interval</code> (how long answers are cached; 6 h when unset or under 1 h). Each Cost Explorer request costs $0.01.</li>
            <li>Restart the console.</li>
          </ol>
          <pre>{`sources:\n  - { name: aws-billing, kind: cost-explorer, interval: 6h, roleArn: "arn:aws:iam::123456789012:role/meridian-billing" }`}</pre>
        </section>
      </>
    );
  }
  const { view, problem } = readView(await searchParams, reader);
  return (
    <>
      <PageHeader
        title="Costs"
        subtitle={`${reader.source.kind === "demo" ? "Demo fleet" : `Cost Explorer (${reader.source.name})`} · ${view.metric} cost · ${view.from} → ${view.to} · today is ${reader.today} (UTC)`}
        actions={
          <>
            <PrintButton />
            {can(actor.role, "costs.refresh") && reader.source.kind === "cost-explorer" && <RefreshCostsButton />}
          </>
        }
      />
      {problem && <p className="alert bad" role="alert">The view in the address was refused: {problem}. Showing the last 13 months.</p>}
      <CostPickers view={view} today={reader.today} />
      <Panel height={150}><SummaryCards reader={reader} view={view} /></Panel>
      <div className="grid">
        <Panel><SpendByGroupPanel reader={reader} view={view} /></Panel>
        <div className="grid cols-3">
          {(["service", "team", "system"] as const).map((g) => <Panel key={g}><BreakdownPanel reader={reader} view={view} groupBy={g} /></Panel>)}
        </div>
        <Panel><ForecastPanel reader={reader} view={view} /></Panel>
        <Panel><RedundancyPanel reader={reader} view={view} /></Panel>
        <div className="grid cols-2">
          <Panel><MoversPanel reader={reader} view={view} /></Panel>
          <Panel><AnomaliesPanel reader={reader} view={view} /></Panel>
        </div>
      </div>
    </>
  );
}
