import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Failovers" };

export default async function Page() {
  await requirePage("dashboard.read", "/failovers");
  return (
    <>
      <PageHeader title="Failovers" />
      <EmptyState title="Coming soon">
        <p>Failovers, drills and their approvals are not built yet.</p>
      </EmptyState>
    </>
  );
}
