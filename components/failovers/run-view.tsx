"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { FailoverDetail } from "@/lib/failovers/queries";
import { formatUtc } from "@/lib/format";
import { apiFetch } from "@/components/ui/api-fetch";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { blockerTone } from "@/components/ui/tone";
import { PreflightView } from "./preflight-view";
import { failoverKeys } from "@/lib/failovers/keys";
import { RunStateBadge } from "./run-state-badge";

type Viewer = { id: string; canApprove: boolean; canExecute: boolean; canBreakGlass: boolean; canAbort: boolean };

const duration = (from: string | null, to: string | null) => (from && to ? `${Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10)} s` : "");

/** A run, refreshed every second while it runs: preflight, approvals, actions, steps with logs, rollbacks, RTO and loss. */
export function RunView({ initial, viewer }: { initial: FailoverDetail; viewer: Viewer }) {
  const run = useQuery<FailoverDetail>({
    queryKey: failoverKeys.run(initial.id),
    queryFn: () => apiFetch<FailoverDetail>(`/api/v1/failovers/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.state === "running" || q.state.data?.state === "rolling-back" ? 1000 : false),
  });
  const d = run.data;
  const [breakGlass, setBreakGlass] = useState(false);
  const [bgReason, setBgReason] = useState("");
  const [rollbackReason, setRollbackReason] = useState("");
  const act = useMutation({
    mutationFn: ({ path, json }: { path: string; json: unknown }) => apiFetch(`/api/v1/failovers/${d.id}/${path}`, { method: "POST", json }),
    onSuccess: () => void run.refetch(),
  });
  const open = d.state === "requested" || d.state === "approved";
  const isRequester = viewer.id === d.requestedById;
  const alreadyApproved = d.approvals.some((a) => a.approverId === viewer.id && !a.invalidatedAt);
  const main = d.steps.filter((s) => !s.isRollback);
  const rollbacks = d.steps.filter((s) => s.isRollback);
  const done = main.filter((s) => s.state === "succeeded" || s.state === "skipped").length;
  const total = d.preflight.steps.length;
  // Once steps run, they are what the commander watches: they go first, above the static preflight.
  const started = main.length > 0 || d.state === "running" || d.state === "rolling-back";
  const liveApproval = d.approvals.some((a) => !a.invalidatedAt);
  const canAbort = (open || d.state === "running") && viewer.canAbort;
  const abortButton = canAbort && (
    <button className="btn danger" type="button" disabled={act.isPending} onClick={() => act.mutate({ path: "abort", json: {} })}>{d.state === "running" ? (d.abortRequestedBy ? "Abort asked…" : "Abort (roll back)") : "Abort request"}</button>
  );

  const reviewSection = (
    <div className="grid cols-2" style={{ marginBottom: 14 }}>
      <section className="card" aria-label="Approvals and actions">
        <div className="card-head"><h2>Approvals</h2>{d.policy && (d.policy.canExecute ? <Badge tone="ok">policy met</Badge> : <StatusBadge status="waiting" />)}</div>
        <p className="small">One incident commander or {d.policy?.required ?? 2} approvers, never the requester ({d.requestedBy}); approvals bind to runbook <span className="mono">v{d.runbookVersion.slice(0, 12)}</span> and target {d.to}, and are voided if readiness drops to not-ready before execution.</p>
        {d.preflight.readinessRefreshedAt && <p className="alert warn small">Readiness dropped to not-ready at {formatUtc(d.preflight.readinessRefreshedAt)}: earlier approvals were voided and the preflight verdict refreshed.</p>}
        <ul className="small" data-testid="approvals">
          {d.approvals.length === 0 && <li className="muted">No approvals yet.</li>}
          {d.approvals.map((a) => (
            <li key={a.id}>{a.approver} <span className="muted">({a.role})</span> <TimeAgo iso={a.createdAt} />{a.invalidatedAt && <> <Badge tone="warn">voided</Badge></>}</li>
          ))}
        </ul>
        {d.policy && d.policy.blockers.length > 0 && (
          <ul className="small" data-testid="blockers">{d.policy.blockers.map((b) => <li key={b.rule + b.message}><Badge tone={blockerTone(b.rule)}>{b.rule}</Badge> {b.message} <span className="muted">— {b.unblock}</span></li>)}</ul>
        )}
        <div className="row" style={{ marginTop: 8, flexWrap: "wrap" }}>
          {open && viewer.canApprove && !isRequester && !alreadyApproved && (
            <button className="btn primary" type="button" disabled={act.isPending} onClick={() => act.mutate({ path: "approve", json: { runbookVersion: d.runbookVersion, target: d.to } })}>
              Approve failover to {d.to}
            </button>
          )}
          {open && viewer.canExecute && (d.policy?.canExecute || breakGlass) && (
            <button className="btn primary" type="button" disabled={act.isPending || (breakGlass && bgReason.trim().length < 10)} onClick={() => act.mutate({ path: "execute", json: breakGlass ? { breakGlass: true, reason: bgReason.trim() } : {} })}>
              {breakGlass ? "Execute with break-glass" : "Execute"}
            </button>
          )}
          {!started && abortButton}
        </div>
        {open && viewer.canBreakGlass && !d.policy?.canExecute && (
          <form className="form" style={{ marginTop: 10 }} onSubmit={(e) => e.preventDefault()}>
            <label className="choice"><input type="checkbox" checked={breakGlass} onChange={(e) => setBreakGlass(e.target.checked)} /> Break glass: execute without the approvals (flagged for post-incident review)</label>
            {breakGlass && <label>Why this cannot wait (at least 10 characters, audited)<textarea value={bgReason} onChange={(e) => setBgReason(e.target.value)} rows={2} required minLength={10} /></label>}
          </form>
        )}
        <div role="status" aria-live="polite">{act.error && <div className="alert bad" style={{ marginTop: 8 }}>{act.error.message}</div>}</div>
      </section>
      <PreflightView preflight={d.preflight} heading={`Preflight at request (${d.preflight.path} path expected)`} />
    </div>
  );
  const stepsSection = (
    <section className="card" aria-label="Steps" style={{ marginBottom: 14 }}>
      <div className="card-head">
        <h2>Steps</h2>
        <span className="small" data-testid="step-progress">{done} of {total} steps done{d.execution ? ` · ${d.execution.path} path` : ""}</span>
      </div>
      <progress className="bar" max={Math.max(total, 1)} value={done} aria-label="Failover progress" />
      {started && abortButton && <div className="row" style={{ margin: "8px 0" }}>{abortButton}</div>}
      {main.length === 0 && <p className="muted small">Nothing has run yet.</p>}
      <ol className="small" data-testid="steps">
        {main.map((s) => (
          <li key={s.id} data-testid={`step-${s.index}`}>
            <details open={s.state === "running" || s.state === "failed"}>
              <summary><strong>{s.name}</strong> <RunStateBadge state={s.state} /> <span className="muted">{s.type} {duration(s.startedAt, s.finishedAt)}</span></summary>
              <pre style={{ maxHeight: 240, overflow: "auto" }}>{s.log || "(no output yet)"}</pre>
            </details>
          </li>
        ))}
      </ol>
      {rollbacks.length > 0 && (
        <>
          <h3>Rollback records</h3>
          <ol className="small" data-testid="rollbacks">
            {rollbacks.map((s) => (
              <li key={s.id}>
                <details>
                  <summary><strong>{s.name}</strong> <RunStateBadge state={s.state} /></summary>
                  <pre style={{ maxHeight: 200, overflow: "auto" }}>{s.log}</pre>
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );

  return (
    <>
      <div className="grid cols-4 tiles" style={{ marginBottom: 14 }}>
        <div className="card"><div className="muted small">State</div><span data-testid="run-state"><RunStateBadge state={d.state} /></span>{(d.state === "running" || d.state === "rolling-back") && <span className="muted small"> (live{d.runner ? ` on ${d.runner}` : ""})</span>}{d.abortRequestedBy && d.state === "running" && <div className="small">abort asked by {d.abortRequestedBy}</div>}</div>
        <div className="card"><div className="muted small">RTO (request → verified)</div><div style={{ fontSize: "1.5rem" }} data-testid="run-rto">{d.rtoSeconds === null ? "—" : `${d.rtoSeconds} s`}</div><div className="small muted">target {d.preflight.targets.rtoMs / 1000} s</div></div>
        <div className="card"><div className="muted small">Data loss (lag at promotion)</div><div style={{ fontSize: "1.5rem" }} data-testid="run-loss">{d.dataLossSeconds === null ? "—" : `${d.dataLossSeconds} s`}</div><div className="small muted">target {d.preflight.targets.rpoMs / 1000} s{d.execution?.promoteAction ? ` · ${d.execution.promoteAction}` : ""}</div></div>
        <div className="card">
          <div className="muted small">Flags</div>
          {/* A flag is earned: nothing is "approved normally" before anyone approved. */}
          <div data-testid="run-flags">
            {d.reviewRequired ? <Badge tone="bad">break-glass · post-incident review</Badge> : liveApproval && d.state !== "requested" ? <Badge tone="ok">approved normally</Badge> : <span className="muted small">none</span>}
          </div>
          {d.preflight.override && <div className="small" style={{ marginTop: 4 }}><Badge tone="warn">precheck overridden</Badge> by {d.preflight.override.by}: {d.preflight.override.reason}</div>}
          {d.breakGlassReason && <div className="small">Break-glass reason: {d.breakGlassReason}</div>}
        </div>
      </div>

      {(d.otherLeg || d.topology.length > 0) && (
        <div className="alert info small" style={{ marginBottom: 14 }} data-testid="run-legs">
          {d.otherLeg && (
            <div>
              {d.otherLeg.role === "failback" ? "Its fail-back leg" : "The drill this fail-back completes"}:{" "}
              <Link href={`/failovers/${d.otherLeg.id}`}>#{d.otherLeg.number}</Link> <RunStateBadge state={d.otherLeg.state} />
              {d.otherLeg.role === "drill" && " — it runs under that drill's approvals."}
            </div>
          )}
          {d.topology.length > 0 && (
            <div>Recorded topology: {d.topology.map((t) => `${t.service} active in ${t.activeRegion}`).join(", ")} since {formatUtc(d.topology[0].from)}.</div>
          )}
        </div>
      )}

      {d.execution?.failedStep && (
        <div className={`alert ${d.execution.rollbackFailed ? "bad" : "warn"}`} role="alert" style={{ marginBottom: 14 }} data-testid="run-failure">
          Step “{d.execution.failedStep.name}” {d.state === "aborted" ? "was aborted" : "failed"}: {d.execution.failedStep.error}.{" "}
          {d.execution.rollbackFailed ? "A rollback FAILED — the service needs a person now." : d.execution.rolledBack ? "Completed steps were rolled back (records below)." : ""}
          {d.execution.interrupted && " The console stopped while it ran; nothing was re-run."}
        </div>
      )}

      {d.state === "interrupted" && (
        <section className="alert bad" role="alert" style={{ marginBottom: 14 }} data-testid="run-interrupted">
          <strong>Interrupted:</strong> the console running this failover stopped answering. Nothing was resumed or rolled back by itself. Check the service, then either leave it as it is or roll back the steps that completed ({main.filter((s) => s.state === "succeeded").map((s) => s.name).join(", ") || "none"}).
          {viewer.canExecute && (
            <form className="form" style={{ marginTop: 8 }} onSubmit={(e) => { e.preventDefault(); act.mutate({ path: "rollback", json: { reason: rollbackReason.trim() } }); }}>
              <label>Why roll back (at least 10 characters, audited)<textarea value={rollbackReason} onChange={(e) => setRollbackReason(e.target.value)} rows={2} required minLength={10} /></label>
              <button className="btn danger" type="submit" disabled={act.isPending || rollbackReason.trim().length < 10}>Roll back completed steps</button>
            </form>
          )}
        </section>
      )}

      {started ? (
        <>
          {stepsSection}
          {reviewSection}
        </>
      ) : (
        <>
          {reviewSection}
          {stepsSection}
        </>
      )}
    </>
  );
}
