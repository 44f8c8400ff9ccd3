import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "SLOs" };

export default async function Page() {
  await requirePage("dashboard.read", "/slos");
  return (
    <>
      <PageHeader title="SLOs" />
      <EmptyState title="Coming soon">
        <p>SLO compliance, error budgets and burn rates are not built yet.</p>
      </EmptyState>
    </>
  );
}
