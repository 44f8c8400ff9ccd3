"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api-fetch";

type Report = { ok: boolean; checked: number; problems: Array<{ seq: number; message: string }> };

export function VerifyChainButton() {
  const verify = useMutation({ mutationFn: () => apiFetch<Report>("/api/v1/audit/verify", { method: "POST" }) });
  return (
    <div className="row">
      <button className="btn" type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? "Verifying…" : "Verify chain"}
      </button>
      <span role="status" aria-live="polite">
        {verify.data && (verify.data.ok ? <span className="badge ok">Chain intact: {verify.data.checked} events</span> : <span className="badge bad">Chain broken: {verify.data.problems[0]?.message}</span>)}
        {verify.error && <span className="badge bad">{verify.error.message}</span>}
      </span>
    </div>
  );
}
