"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { TimeAgo } from "@/components/ui/time-ago";

type Props = {
  changeId: string;
  planSha256: string;
  canReview: boolean;
  canOverride: boolean;
  canCancel: boolean;
  gateBlocked: boolean;
  overridden: boolean;
  isRequester: boolean;
  open: boolean;
  /** The viewer's own live review of this plan, if any (computed on the server). */
  viewerReview: { decision: string; at: string } | null;
};

/** Approve/Reject send the plan hash shown on this page: if the plan changed meanwhile, the server answers 409. */
export function ReviewPanel({ changeId, planSha256, canReview, canOverride, canCancel, gateBlocked, overridden, isRequester, open, viewerReview }: Props) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [reason, setReason] = useState("");
  const act = useMutation({
    mutationFn: ({ path, json }: { path: string; json: unknown }) => apiFetch(`/api/v1/changes/${changeId}/${path}`, { method: "POST", json }),
    onSuccess: () => {
      setComment("");
      router.refresh();
    },
  });
  return (
    <div className="card" aria-label="Review">
      <div className="card-head"><h2>Review</h2></div>
      {/* Say what this viewer's relation to the plan is, not "you are reviewing" to everyone. */}
      <p className="small" data-testid="review-status">
        {viewerReview ? (
          <>You {viewerReview.decision === "reject" ? "rejected" : "approved"} this plan <TimeAgo iso={viewerReview.at} />: <code data-testid="plan-sha" style={{ wordBreak: "break-all" }}>{planSha256}</code></>
        ) : canReview ? (
          <>You are reviewing plan <code data-testid="plan-sha" style={{ wordBreak: "break-all" }}>{planSha256}</code></>
        ) : isRequester && open ? (
          <>You requested this change; approvers review plan <code data-testid="plan-sha" style={{ wordBreak: "break-all" }}>{planSha256}</code></>
        ) : (
          <>Plan <code data-testid="plan-sha" style={{ wordBreak: "break-all" }}>{planSha256}</code></>
        )}
      </p>
      {canReview && (
        <form className="form" onSubmit={(e) => e.preventDefault()}>
          <label>Comment<textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} /></label>
          <div className="row">
            <button className="btn primary" type="button" disabled={act.isPending} onClick={() => act.mutate({ path: "approve", json: { planSha256, ...(comment.trim() ? { comment: comment.trim() } : {}) } })}>Approve this plan</button>
            <button className="btn danger" type="button" disabled={act.isPending || !comment.trim()} title={comment.trim() ? undefined : "Write why you reject it"} onClick={() => act.mutate({ path: "reject", json: { planSha256, comment: comment.trim() } })}>Reject</button>
          </div>
        </form>
      )}
      {canOverride && gateBlocked && !overridden && (
        <form className="form" style={{ marginTop: 12 }} onSubmit={(e) => { e.preventDefault(); act.mutate({ path: "override-slo-gate", json: { planSha256, reason } }); }}>
          <label>Override the SLO gate — written reason (audited)<textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} minLength={10} required /></label>
          <button className="btn danger" type="submit" disabled={act.isPending || reason.trim().length < 10}>Override SLO gate</button>
        </form>
      )}
      {canCancel && (
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" type="button" disabled={act.isPending} onClick={() => act.mutate({ path: "cancel", json: {} })}>Cancel change</button>
        </div>
      )}
      <div role="status" aria-live="polite">{act.error && <div className="alert bad" style={{ marginTop: 8 }}>{act.error.message}</div>}</div>
    </div>
  );
}
