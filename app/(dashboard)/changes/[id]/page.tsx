import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery } from "@/lib/audit/schemas";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { getChangeDetail, RESOURCE_FILTERS, type ResourceFilter } from "@/lib/changes/queries";
import { NotFoundError } from "@/lib/http/errors";
import { listChangeChecks } from "@/lib/integrations/github/queries";
import { formatUtc } from "@/lib/format";
import { ApplyPanel } from "@/components/changes/apply-panel";
import { ChangeHistory } from "@/components/changes/change-history";
import { ChangeImpact, PlanTextCard } from "@/components/changes/change-impact";
import { ChangeTiles, PolicyCard } from "@/components/changes/change-summary";
import { PhaseTimeline } from "@/components/changes/phase-timeline";
import { PullRequestChecks } from "@/components/changes/pull-request-checks";
import { ResourceChanges } from "@/components/changes/resource-changes";
import { ReviewPanel } from "@/components/changes/review-panel";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Change" };
export const dynamic = "force-dynamic";

function isFilter(v: string | undefined): v is ResourceFilter {
  return (RESOURCE_FILTERS as readonly string[]).includes(v ?? "");
}

export default async function ChangePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const actor = await requirePage("dashboard.read", `/changes/${id}`);
  const filter = isFilter(sp.filter) ? sp.filter : "all";
  const page = Number(sp.page) > 0 ? Math.floor(Number(sp.page)) : 1;
  // The change, its audit trail and its pull request's checks are independent reads: asked at once.
  const [c, audit, checks] = await Promise.all([
    getChangeDetail(id, { page, filter, viewerId: actor.id }).catch((error: unknown) => {
      if (error instanceof NotFoundError) notFound();
      throw error;
    }),
    listAuditEvents(listAuditQuery.parse({ targetType: "change", targetId: id, limit: 200 })),
    listChangeChecks(id),
  ]);
  const open = c.state === "proposed" || c.state === "approved";
  const isRequester = actor.id === c.requestedById;
  return (
    <>
      <PageHeader
        title={`Change #${c.number}`}
        subtitle={<>{c.title} · <span className="mono">{c.workspace}</span> · requested by {c.requestedBy} ({c.origin}) {formatUtc(c.createdAt)}</>}
        actions={<Link className="btn" href="/changes">All changes</Link>}
      />
      <ChangeTiles c={c} />
      <div className="gap-below"><PhaseTimeline phases={c.phases} /></div>
      <PullRequestChecks commitSha={c.commitSha} prUrl={c.prUrl} checks={checks} />
      {c.summary.statefulDestructive.length > 0 && (
        <div className="alert bad gap-below" role="alert">This plan destroys or replaces stateful resources: <span className="mono">{c.summary.statefulDestructive.join(", ")}</span></div>
      )}
      <div className="grid cols-2 gap-below">
        <PolicyCard c={c} />
        <ReviewPanel
          changeId={c.id} planSha256={c.planSha256} isRequester={isRequester} open={open} viewerReview={c.viewerReview}
          canReview={open && !isRequester && can(actor.role, "changes.approve") && !c.viewerReview}
          canOverride={open && can(actor.role, "changes.override-slo-gate")}
          canCancel={open && can(actor.role, "changes.cancel")}
          gateBlocked={c.sloGate.blocked} overridden={c.policy.sloGateOverridden}
        />
      </div>
      <div className="gap-below">
        <ApplyPanel
          changeId={c.id} planSha256={c.planSha256} state={c.state} canApply={c.policy.canApply} totalOps={c.summary.counts.add + c.summary.counts.change + c.summary.counts.destroy} hasLog={c.logLength > 0}
          mayApply={can(actor.role, "changes.apply")} lockHeldHere={c.lock?.changeId === c.id} mayReleaseLock={can(actor.role, "changes.release-lock")}
        />
      </div>
      <ChangeImpact s={c.summary} />
      <PlanTextCard c={c} />
      <ResourceChanges c={c} filter={filter} />
      <ChangeHistory c={c} audit={audit.events} />
    </>
  );
}
