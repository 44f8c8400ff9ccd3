import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Replication" };

export default async function Page() {
  await requirePage("dashboard.read", "/replication");
  return (
    <>
      <PageHeader title="Replication" />
      <EmptyState title="Coming soon">
        <p>Replication lag per link and failover readiness are not built yet.</p>
      </EmptyState>
    </>
  );
}
