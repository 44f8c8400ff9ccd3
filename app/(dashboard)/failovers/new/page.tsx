import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/require-page";
import { listRunbookChoices } from "@/lib/failovers/queries";
import { RequestForm } from "@/components/failovers/request-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Request a failover" };
export const dynamic = "force-dynamic";

export default async function NewFailoverPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("failovers.request", "/failovers/new");
  const sp = await searchParams;
  const choices = listRunbookChoices();
  return (
    <>
      <PageHeader title="Request a failover or drill" subtitle="The preflight shows what would happen now; approvers see the same and approve exactly this runbook version and target." actions={<Link className="btn" href="/failovers">All failovers</Link>} />
      {choices.length === 0 ? <EmptyState title="No runbooks"><p>Add runbooks to the configuration to fail services over.</p></EmptyState> : <RequestForm choices={choices} initial={{ service: sp.service, to: sp.to, mode: sp.mode }} />}
    </>
  );
}
