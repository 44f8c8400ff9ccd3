import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Costs" };

export default async function Page() {
  await requirePage("costs.read", "/costs");
  return (
    <>
      <PageHeader title="Costs" />
      <EmptyState title="Coming soon">
        <p>The cost explorer is not built yet.</p>
      </EmptyState>
    </>
  );
}
