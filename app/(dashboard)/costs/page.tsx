import type { Metadata } from "next";
import { CostNotConfigured } from "@/components/costs/cost-not-configured";
import { CostPickers } from "@/components/costs/cost-pickers";
import { readCostView } from "@/components/costs/cost-view";
import { PrintButton } from "@/components/costs/print-button";
import { RefreshCostsButton } from "@/components/costs/refresh-costs-button";
import { PageHeader } from "@/components/ui/page-header";
import { StreamedPanel as Panel } from "@/components/shell/page-loading";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { getCostReader, isNotConfigured, type CostReader } from "@/lib/costs/cost-reader";
import { AnomaliesPanel, BreakdownPanel, ForecastPanel, MoversPanel, RedundancyPanel, SpendByGroupPanel, SummaryCards } from "@/components/costs/panels";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

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
        <CostNotConfigured reason={error.message} />
      </>
    );
  }
  const { view, problem } = readCostView(await searchParams, reader);
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
      <Panel size="short" label="cost totals"><SummaryCards reader={reader} view={view} /></Panel>
      <div className="grid">
        <Panel size="chart" label="spend by group"><SpendByGroupPanel reader={reader} view={view} /></Panel>
        <div className="grid cols-3">
          {(["service", "team", "system"] as const).map((g) => <Panel key={g} size="chart" label={`costs by ${g}`}><BreakdownPanel reader={reader} view={view} groupBy={g} /></Panel>)}
        </div>
        <Panel size="chart" label="the forecast"><ForecastPanel reader={reader} view={view} /></Panel>
        <Panel size="chart" label="redundancy costs"><RedundancyPanel reader={reader} view={view} /></Panel>
        <div className="grid cols-2">
          <Panel size="chart" label="movers"><MoversPanel reader={reader} view={view} /></Panel>
          <Panel size="chart" label="anomalies"><AnomaliesPanel reader={reader} view={view} /></Panel>
        </div>
      </div>
    </>
  );
}
