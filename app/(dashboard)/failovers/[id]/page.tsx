import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { getFailover } from "@/lib/failovers/queries";
import { formatUtc } from "@/lib/format";
import { NotFoundError } from "@/lib/http/errors";
import { RunView } from "@/components/failovers/run-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Failover" };
export const dynamic = "force-dynamic";

export default async function FailoverPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePage("dashboard.read", `/failovers/${id}`);
  const run = await getFailover(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return (
    <>
      <PageHeader
        title={<>{run.mode === "drill" ? "Drill" : "Failover"} #{run.number}: {run.service} <span className="route">{run.from} → {run.to}</span></>}
        subtitle={<>requested by {run.requestedBy} {formatUtc(run.createdAt)}{run.reason ? ` — ${run.reason}` : ""}</>}
        actions={<><Link className="btn" href={`/audit?targetType=failover-run&targetId=${run.id}`}>Audit trail</Link> <Link className="btn" href="/failovers">All failovers</Link></>}
      />
      <RunView
        initial={run}
        viewer={{ id: actor.id, canApprove: can(actor.role, "failovers.approve"), canExecute: can(actor.role, "failovers.execute"), canBreakGlass: can(actor.role, "failovers.break-glass"), canAbort: can(actor.role, "failovers.abort") }}
      />
    </>
  );
}
