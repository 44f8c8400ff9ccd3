"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { TopologyDrift } from "@/lib/topology/queries";
import { formatUtc } from "@/lib/format";
import { apiFetch } from "@/components/ui/api-fetch";

/** The evidence puts services somewhere the record does not: say so, and let an admin record it in one click. */
export function DriftWarning({ drift, canRecord }: { drift: TopologyDrift; canRecord: boolean }) {
  const router = useRouter();
  const services = drift.services.map((s) => s.service);
  const record = useMutation({
    mutationFn: () => apiFetch("/api/v1/topology/changes", { method: "POST", json: { services, activeRegion: drift.observedActive, cause: "detected" } }),
    onSuccess: () => router.refresh(),
  });
  const since = drift.services.map((s) => s.since).sort()[0];
  return (
    <div className="alert warn small" role="alert" data-testid={`topology-drift-${drift.runbook}`}>
      <strong>{services.join(", ")}</strong> {services.length === 1 ? "is" : "are"} active in <strong>{drift.observedActive}</strong> according to the evidence (since {formatUtc(since)}), but Meridian records{" "}
      {[...new Set(drift.services.map((s) => s.recordedActive ?? "no active region"))].join(", ")}. A failover done outside Meridian?
      <ul>{drift.evidence.map((e) => <li key={`${e.kind}|${e.step}`}>{e.detail}</li>)}</ul>
      {canRecord ? (
        <button className="btn primary" type="button" disabled={record.isPending} onClick={() => record.mutate()}>
          {record.isPending ? "Recording…" : `Record it: ${drift.observedActive} active`}
        </button>
      ) : (
        <span className="muted">An admin can record it.</span>
      )}
      <span role="status" aria-live="polite">{record.error && <span className="badge bad">{record.error.message}</span>}</span>
    </div>
  );
}
