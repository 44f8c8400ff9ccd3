"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { StatusBadge } from "@/components/ui/badge";
import { changeKeys } from "@/lib/changes/keys";
import { RawOutput } from "./raw-output";

type LogChunk = { text: string; offset: number; nextOffset: number; state: string; done: boolean; exitCode: number | null };
type LogView = { text: string; state: string; done: boolean; exitCode: number | null };

const DONE_LINE = /: (Creation|Modifications|Destruction) complete/;

type Props = { changeId: string; planSha256: string; state: string; canApply: boolean; mayApply: boolean; totalOps: number; lockHeldHere: boolean; mayReleaseLock: boolean; hasLog: boolean };

export function ApplyPanel({ changeId, planSha256, state, canApply, mayApply, totalOps, lockHeldHere, mayReleaseLock, hasLog }: Props) {
  const router = useRouter();
  // The log only grows: keep what has arrived and ask for the rest from its end.
  const seen = useRef<{ offset: number; text: string }>({ offset: 0, text: "" });
  const live = state === "applying";
  const log = useQuery<LogView>({
    queryKey: changeKeys.log(changeId),
    enabled: live || hasLog,
    queryFn: async () => {
      const chunk = await apiFetch<LogChunk>(`/api/v1/changes/${changeId}/log?offset=${seen.current.offset}`);
      seen.current = { offset: chunk.nextOffset, text: seen.current.text + chunk.text };
      return { text: seen.current.text, state: chunk.state, done: chunk.done, exitCode: chunk.exitCode };
    },
    refetchInterval: (q) => (q.state.data?.done ? false : 1000),
  });
  const finishedNow = log.data?.done === true && live;
  useEffect(() => {
    if (finishedNow) router.refresh();
  }, [finishedNow, router]);
  const apply = useMutation({
    mutationFn: () => apiFetch(`/api/v1/changes/${changeId}/apply`, { method: "POST", json: { planSha256 } }),
    onSuccess: () => router.refresh(),
  });
  const release = useMutation({
    mutationFn: () => apiFetch(`/api/v1/changes/${changeId}/release-lock`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  const text = log.data?.text ?? "";
  const done = text.split("\n").filter((l) => DONE_LINE.test(l)).length;
  const currentState = log.data?.state ?? state;
  return (
    <div className="card" aria-label="Apply">
      <div className="card-head"><h2>Apply</h2><span data-testid="change-state"><StatusBadge status={currentState} /></span></div>
      {mayApply && canApply && (state === "approved" || state === "proposed") && (
        <button className="btn primary" type="button" disabled={apply.isPending} onClick={() => apply.mutate()}>{apply.isPending ? "Starting…" : "Apply this plan"}</button>
      )}
      {mayApply && !canApply && (state === "approved" || state === "proposed") && <p className="muted small">Apply is available once the policy passes (see Policy).</p>}
      {(live || text) && (
        <>
          <div style={{ margin: "8px 0" }}>
            <progress className="bar" max={Math.max(totalOps, 1)} value={Math.min(done, totalOps)} aria-label="Apply progress" />
            <div className="row small">
              <span data-testid="apply-progress">{done} of {totalOps} resource operations complete</span>
              {currentState === "applying" && <span className="muted">(live)</span>}
            </div>
          </div>
          <RawOutput title="Apply output (terraform apply)" text={text || "Waiting for terraform output…"} testId="apply-log" defaultOpen />
        </>
      )}
      {lockHeldHere && currentState !== "applying" && (
        <div className="alert warn" style={{ marginTop: 8 }}>
          The apply stopped mid-way: the workspace stays locked. Check the state by hand, then release the lock. Nothing is re-run.
          {mayReleaseLock && <div><button className="btn" type="button" onClick={() => release.mutate()} disabled={release.isPending}>Release workspace lock</button></div>}
        </div>
      )}
      <div role="status" aria-live="polite">
        {apply.error && <div className="alert bad" style={{ marginTop: 8 }}>{apply.error.message}</div>}
        {release.error && <div className="alert bad" style={{ marginTop: 8 }}>{release.error.message}</div>}
      </div>
    </div>
  );
}
