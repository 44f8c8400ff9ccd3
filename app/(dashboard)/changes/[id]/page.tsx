import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery } from "@/lib/audit/schemas";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { getChangeDetail, RESOURCE_FILTERS, type ResourceFilter } from "@/lib/changes/queries";
import { NotFoundError } from "@/lib/http/errors";
import { formatUtc } from "@/lib/format";
import { ApplyPanel } from "@/components/changes/apply-panel";
import { PhaseTimeline } from "@/components/changes/phase-timeline";
import { RawOutput } from "@/components/changes/raw-output";
import { ResourceDiff, DiffText } from "@/components/changes/resource-diff";
import { ReviewPanel } from "@/components/changes/review-panel";
import { PullRequestChecks } from "@/components/changes/pull-request-checks";
import { listChangeChecks } from "@/lib/integrations/github/queries";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { blockerTone, countTone } from "@/components/ui/tone";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Change" };
export const dynamic = "force-dynamic";

function isFilter(v: string | undefined): v is ResourceFilter {
  return (RESOURCE_FILTERS as readonly string[]).includes(v ?? "");
}

export default async function ChangePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id } = await params;
  const actor = await requirePage("dashboard.read", `/changes/${id}`);
  const sp = await searchParams;
  const filter = isFilter(sp.filter) ? sp.filter : "all";
  const page = Number(sp.page) > 0 ? Math.floor(Number(sp.page)) : 1;
  let c;
  try {
    c = await getChangeDetail(id, { page, filter, viewerId: actor.id });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [audit, checks] = await Promise.all([listAuditEvents(listAuditQuery.parse({ targetType: "change", targetId: id, limit: 200 })), listChangeChecks(id)]);
  const s = c.summary;
  const open = c.state === "proposed" || c.state === "approved";
  const isRequester = actor.id === c.requestedById;
  const totalOps = s.counts.add + s.counts.change + s.counts.destroy;
  // Applying or finished: the policy no longer gates anything, so it shows the state, not "blocked".
  const settled = c.terminal || c.state === "applying";
  // Waiting for approvals is the normal path; only a rule that needs someone to act is "blocked".
  const hardBlock = c.policy.blockers.some((b) => blockerTone(b.rule) === "bad");
  const link = (p: number, f: ResourceFilter) => `/changes/${id}?${new URLSearchParams({ page: String(p), filter: f }).toString()}`;

  return (
    <>
      <PageHeader
        title={`Change #${c.number}`}
        subtitle={<>{c.title} · <span className="mono">{c.workspace}</span> · requested by {c.requestedBy} ({c.origin}) {formatUtc(c.createdAt)}</>}
        actions={<Link className="btn" href="/changes">All changes</Link>}
      />
      <div className="grid cols-4 tiles" style={{ marginBottom: 14 }}>
        <div className="card"><div className="muted small">State</div><StatusBadge status={c.state} /></div>
        <div className="card"><div className="muted small">terraform</div><div className="mono" data-testid="plan-line">{s.planLine ?? "No resource changes (outputs only)."}</div></div>
        <div className="card">
          <div className="muted small">Counts</div>
          <div data-testid="plan-counts" className="row" style={{ gap: 4 }}>
            {/* Zeros stay grey: only a count above zero carries its colour. */}
            <Badge tone={countTone(s.counts.add, "ok")}>+{s.counts.add} add</Badge>
            <Badge tone={countTone(s.counts.change, "warn")}>~{s.counts.change} change</Badge>
            <Badge tone={countTone(s.counts.destroy, "bad")}>−{s.counts.destroy} destroy</Badge>
            {s.counts.replace > 0 && <Badge tone="bad">{s.counts.replace} replace</Badge>}
            {s.counts.import > 0 && <Badge tone="info">{s.counts.import} import</Badge>}
          </div>
          {s.counts.replace > 0 && <div className="muted small">each replacement counts as one add and one destroy, as terraform counts it</div>}
        </div>
        <div className="card"><div className="muted small">Plan file SHA-256 (revision {c.planRevision})</div><div className="mono small" style={{ wordBreak: "break-all" }}>{c.planSha256}</div></div>
      </div>
      <div style={{ marginBottom: 14 }}><PhaseTimeline phases={c.phases} /></div>
      <PullRequestChecks commitSha={c.commitSha} prUrl={c.prUrl} checks={checks} />
      {s.statefulDestructive.length > 0 && (
        <div className="alert bad" role="alert" style={{ marginBottom: 14 }}>
          This plan destroys or replaces stateful resources: <span className="mono">{s.statefulDestructive.join(", ")}</span>
        </div>
      )}

      <div className="grid cols-2" style={{ marginBottom: 14 }}>
        <div className="card" aria-label="Policy" data-testid="policy">
          <div className="card-head"><h2>Policy</h2>{settled ? <StatusBadge status={c.state} /> : c.policy.canApply ? <Badge tone="ok">passes</Badge> : hardBlock ? <Badge tone="bad">blocked</Badge> : <Badge tone="info">waiting</Badge>}</div>
          {settled && (
            <p className="small" data-testid="policy-end">
              {c.state === "applied" ? <>Applied{c.appliedBy ? <> by <strong>{c.appliedBy}</strong></> : ""}{c.finishedAt ? ` ${formatUtc(c.finishedAt)}` : ""}: the review is closed.</> : c.state === "applying" ? "The apply is running: the review is closed." : <>This change is {c.state}: the review is closed; a new plan starts a new one.</>}
            </p>
          )}
          <p className="small">{c.policy.counted} of {c.policy.required} approval{c.policy.required === 1 ? "" : "s"} from {c.policy.approverRoles.join(" or ")}; approvals expire after {Math.round(c.policy.approvalTtlMs / 3_600_000)} h; the requester never approves.</p>
          {settled ? null : c.policy.blockers.length === 0 ? <p className="alert ok small">Nothing blocks this plan.</p> : (
            <ul className="small" data-testid="blockers">
              {c.policy.blockers.map((b) => (
                <li key={b.rule + b.message}><Badge tone={blockerTone(b.rule)}>{b.rule}</Badge> {b.message} <span className="muted">To unblock: {b.unblock}</span></li>
              ))}
            </ul>
          )}
          {c.policy.sloGateOverridden && c.override && <p className="alert warn small">SLO gate overridden by {c.override.by}: “{c.override.reason}”</p>}
          {c.sloGate.unknown.length > 0 && <p className="muted small">SLOs without data (not blocking): {c.sloGate.unknown.join(", ")}</p>}
        </div>
        <ReviewPanel
          changeId={c.id}
          planSha256={c.planSha256}
          canReview={open && !isRequester && can(actor.role, "changes.approve") && !c.viewerReview}
          isRequester={isRequester}
          open={open}
          viewerReview={c.viewerReview}
          canOverride={open && can(actor.role, "changes.override-slo-gate")}
          canCancel={open && can(actor.role, "changes.cancel")}
          gateBlocked={c.sloGate.blocked}
          overridden={c.policy.sloGateOverridden}
        />
      </div>

      <div style={{ marginBottom: 14 }}>
        <ApplyPanel
          changeId={c.id}
          planSha256={c.planSha256}
          state={c.state}
          canApply={c.policy.canApply}
          mayApply={can(actor.role, "changes.apply")}
          totalOps={totalOps}
          lockHeldHere={c.lock?.changeId === c.id}
          mayReleaseLock={can(actor.role, "changes.release-lock")}
          hasLog={c.logLength > 0}
        />
      </div>

      <div className="grid cols-2" style={{ marginBottom: 14 }}>
        <div className="card">
          <div className="card-head"><h2>Blast radius by region</h2></div>
          <table className="table small">
            <thead><tr><th>Region</th><th>Resources</th><th>+</th><th>~</th><th>-</th><th>±</th><th>Stateful</th><th>Weight</th></tr></thead>
            <tbody>
              {s.blastRadius.length === 0 && <tr><td colSpan={8} className="muted">No resource changes.</td></tr>}
              {s.blastRadius.map((r) => (
                <tr key={r.region}>
                  <td className="mono nowrap">{r.region} {r.active && <span className="badge info">active</span>}</td>
                  <td>{r.resources}</td><td>{r.create}</td><td>{r.update}</td><td>{r.delete}</td><td>{r.replace}</td><td>{r.stateful}</td>
                  <td><strong>{r.weight}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">Weight: 1 per change in place; 4 per destroy/replace, ×3 in a region where the services are active, ×2 when the resource holds data.</p>
        </div>
        <div className="card">
          <div className="card-head"><h2>Services touched</h2></div>
          {s.services.length === 0 ? <p className="muted">None matched.</p> : (
            <ul className="small">{s.services.map((v) => <li key={v.service}><strong>{v.service}</strong> <span className="muted">via {v.via.join(", ")} · {v.regions.join(", ")}</span></li>)}</ul>
          )}
          {s.outputs.length > 0 && (
            <>
              <h3>Outputs</h3>
              <table className="table small"><tbody>{s.outputs.map((o) => <tr key={o.name}><td className="mono">{o.name}</td><td>{o.action}</td><td><DiffText value={o.before} /></td><td><DiffText value={o.after} /></td></tr>)}</tbody></table>
            </>
          )}
        </div>
      </div>

      <div className="card" style={{ marginBottom: 14 }}>
        {c.planText === null ? (
          <p className="muted small" data-testid="plan-text-missing">terraform&apos;s text of this plan was not kept (planned before the console stored it).</p>
        ) : (
          <RawOutput
            title={`Plan output (terraform show, revision ${c.planRevision})`}
            text={c.planText}
            testId="plan-text"
            note={<p className="muted small">What terraform prints for the stored plan file {c.planSha256.slice(0, 12)}, the one approvals bind to; sensitive values masked.</p>}
          />
        )}
      </div>

      <section aria-label="Resource changes" style={{ marginBottom: 14 }}>
        <div className="row" style={{ justifyContent: "space-between", marginBottom: 8 }}>
          <h2>Resource changes ({c.resourcePage.total})</h2>
          <nav className="row small" aria-label="Filter resources">
            {RESOURCE_FILTERS.map((f) => <Link key={f} className={`btn${f === filter ? " primary" : ""}`} href={link(1, f)}>{f}</Link>)}
          </nav>
        </div>
        {c.resources.length === 0 && <p className="muted">No resources match.</p>}
        {/* A short plan reads like terraform's own output: every diff open. Long ones open the destructive. */}
        {c.resources.map((r) => <ResourceDiff key={r.address + (r.deposed ?? "")} r={r} defaultOpen={r.destructive || c.resources.length <= 25} />)}
        {c.resourcePage.pages > 1 && (
          <nav className="row small" aria-label="Resource pages">
            {c.resourcePage.page > 1 && <Link className="btn" href={link(c.resourcePage.page - 1, filter)}>← Previous</Link>}
            <span>Page {c.resourcePage.page} of {c.resourcePage.pages}</span>
            {c.resourcePage.page < c.resourcePage.pages && <Link className="btn" href={link(c.resourcePage.page + 1, filter)}>Next →</Link>}
          </nav>
        )}
        {s.resourcesTruncated && <p className="muted small">The stored list stops at the first resources; counts and blast radius cover all of them.</p>}
      </section>

      <div className="grid cols-2">
        <div className="card">
          <div className="card-head"><h2>Approvals</h2></div>
          {c.approvals.length === 0 ? <p className="muted">None yet.</p> : (
            <ul className="small">
              {c.approvals.map((a) => (
                <li key={a.id}><StatusBadge status={a.decision === "approve" ? "approved" : "rejected"} /> {a.approver} ({a.role}) {formatUtc(a.createdAt)} {a.current ? "" : <span className="muted">— for an earlier plan</span>}{a.comment && <>: “{a.comment}”</>}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="card">
          <div className="card-head"><h2>Audit trail</h2><Link className="small" href={`/audit?targetType=change&targetId=${c.id}`}>Open in audit log</Link></div>
          <ul className="small" data-testid="change-audit">
            {audit.events.map((e) => <li key={e.seq}><span className="mono">{formatUtc(e.at)}</span> {e.actorName} <span className="mono">{e.action}</span> <StatusBadge status={e.outcome} />{e.reason && <> — {e.reason}</>}</li>)}
          </ul>
        </div>
      </div>
    </>
  );
}
