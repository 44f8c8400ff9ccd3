"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { failoverKeys } from "@/lib/failovers/keys";
import type { Preflight } from "@/lib/failovers/preflight";
import { apiFetch } from "@/components/ui/api-fetch";
import { PreflightView } from "./preflight-view";

type Choice = { service: string; name: string; targets: string[]; drillTarget: string | null };

/** Pick a runbook and target, read the preflight, then submit; a not-ready verdict needs a written override. */
export function RequestForm({ choices, initial }: { choices: Choice[]; initial: { service?: string; to?: string; mode?: string } }) {
  const router = useRouter();
  const [service, setService] = useState(initial.service && choices.some((c) => c.service === initial.service) ? initial.service : (choices[0]?.service ?? ""));
  const targets = choices.find((c) => c.service === service)?.targets ?? [];
  const [to, setTo] = useState(initial.to ?? "");
  const target = targets.includes(to) ? to : "";
  const [mode, setMode] = useState(initial.mode === "drill" ? "drill" : "failover");
  const drillTarget = choices.find((c) => c.service === service)?.drillTarget ?? null;
  // A drill goes to the drill target when the runbook declares one; a round trip is the other choice.
  const [kindChoice, setKindChoice] = useState<"target" | "round-trip">("target");
  const drillKind = mode === "drill" ? (drillTarget ? kindChoice : "round-trip") : null;
  const [reason, setReason] = useState("");
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState("");
  const preflight = useQuery<Preflight>({
    queryKey: failoverKeys.preflight(service, target, mode, drillKind ?? ""),
    enabled: Boolean(service && target),
    queryFn: () => apiFetch<Preflight>(`/api/v1/failovers/preflight?${new URLSearchParams({ service, to: target, mode, ...(drillKind ? { drillKind } : {}) })}`),
    retry: false,
  });
  const notReady = preflight.data?.readiness?.verdict === "not-ready";
  const submit = useMutation({
    mutationFn: () =>
      apiFetch<{ id: string }>("/api/v1/failovers", {
        method: "POST",
        json: { service, to: target, mode, ...(drillKind ? { drillKind } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}), ...(override ? { precheckOverride: { reason: overrideReason.trim() } } : {}) },
      }),
    onSuccess: (r) => router.push(`/failovers/${r.id}`),
  });
  const blocked = !preflight.data || (notReady && (!override || overrideReason.trim().length < 10));
  return (
    <div className="grid cols-2">
      <form
        className="form card"
        aria-label="Request a failover"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) submit.mutate();
        }}
      >
        <label>
          Runbook (service)
          <select value={service} onChange={(e) => { setService(e.target.value); setOverride(false); }}>
            {choices.map((c) => <option key={c.service} value={c.service}>{c.service} — {c.name}</option>)}
          </select>
        </label>
        <label>
          Target region
          <select value={target} onChange={(e) => setTo(e.target.value)} required>
            <option value="">Choose…</option>
            {targets.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <fieldset>
          <legend>Mode</legend>
          <label className="choice"><input type="radio" name="mode" value="failover" checked={mode === "failover"} onChange={() => setMode("failover")} /> Failover</label>
          <label className="choice"><input type="radio" name="mode" value="drill" checked={mode === "drill"} onChange={() => setMode("drill")} /> Drill (rehearsal, recorded in the drill ledger)</label>
        </fieldset>
        {mode === "drill" && (
          <fieldset data-testid="drill-kind">
            <legend>Drill</legend>
            {drillTarget && (
              <label className="row"><input type="radio" name="drillKind" value="target" checked={kindChoice === "target"} onChange={() => setKindChoice("target")} /> Against {drillTarget} (production stays where it is)</label>
            )}
            <label className="row"><input type="radio" name="drillKind" value="round-trip" checked={drillKind === "round-trip"} onChange={() => setKindChoice("round-trip")} /> Round trip in production: fail over, then fail back (one approval for both legs)</label>
          </fieldset>
        )}
        <label>
          Reason
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} />
        </label>
        {notReady && preflight.data?.overrideAllowed && (
          <div className="alert bad small">
            Readiness is <strong>not-ready</strong>. The precheck step will fail unless you override it with a written reason (recorded and audited).
            <label className="choice"><input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> Override precheck</label>
            {override && (
              <label>
                Why override (at least 10 characters)
                <textarea value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} rows={2} minLength={10} maxLength={2000} required />
              </label>
            )}
          </div>
        )}
        {notReady && preflight.data && !preflight.data.overrideAllowed && <div className="alert bad small">Readiness is not-ready and this runbook allows no override.</div>}
        <button className="btn primary" type="submit" disabled={blocked || submit.isPending}>{submit.isPending ? "Requesting…" : mode === "drill" ? "Request drill" : "Request failover"}</button>
        <div role="status" aria-live="polite">
          {submit.error && <div className="alert bad">{submit.error.message}</div>}
          {preflight.error && <div className="alert bad">{preflight.error.message}</div>}
        </div>
      </form>
      <div>
        {!target && <div className="card muted">Choose a target region to see the preflight.</div>}
        {target && preflight.isLoading && <div className="card skeleton" style={{ height: 320 }} aria-busy="true" aria-label="Loading preflight" />}
        {preflight.data && <PreflightView preflight={preflight.data} />}
      </div>
    </div>
  );
}
