import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Changes" };

export default async function Page() {
  await requirePage("dashboard.read", "/changes");
  return (
    <>
      <PageHeader title="Changes" />
      <EmptyState title="Coming soon">
        <p>Terraform change requests behind approvals are not built yet.</p>
      </EmptyState>
    </>
  );
}
