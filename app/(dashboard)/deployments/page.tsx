import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Deployments" };

export default async function Page() {
  await requirePage("dashboard.read", "/deployments");
  return (
    <>
      <PageHeader title="Deployments" />
      <EmptyState title="Coming soon">
        <p>The version matrix (services × regions, drift between regions) is not built yet.</p>
      </EmptyState>
    </>
  );
}
