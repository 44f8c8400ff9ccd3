"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

type TakeoverResult = { epoch: number; region: string | null; promotedInMs: number; dataLoss: { note: string } };

/** Takes the console over here: a reason (audited), and force only when the primary still answers. */
export function TakeoverForm({ primaryAnswers }: { primaryAnswers: boolean }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  const takeover = useMutation({
    mutationFn: () => apiFetch<TakeoverResult>("/api/v1/console/takeover", { method: "POST", json: { reason, force } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        takeover.mutate();
      }}
    >
      <label>
        Why (audited)
        <textarea name="reason" required minLength={10} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {primaryAnswers && (
        <label className="row">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> The primary still answers: take over anyway (two primaries until it is fenced)
        </label>
      )}
      <div className="row">
        <button type="submit" className="btn danger" disabled={takeover.isPending || reason.trim().length < 10}>{takeover.isPending ? "Taking over…" : "Take over the console here"}</button>
        <span role="status" aria-live="polite" className="small">
          {takeover.error && <span className="badge bad">{takeover.error.message}</span>}
          {takeover.data && `This console is the primary now (epoch ${takeover.data.epoch}, promoted in ${takeover.data.promotedInMs} ms). Data loss: ${takeover.data.dataLoss.note}.`}
        </span>
      </div>
    </form>
  );
}
