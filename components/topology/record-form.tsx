"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

/** An admin records a failover done outside Meridian: which services, where they are active now, since when, and why. */
export function RecordForm({ groups, regions }: { groups: Array<{ label: string; services: string[] }>; regions: string[] }) {
  const router = useRouter();
  const [group, setGroup] = useState(0);
  const [region, setRegion] = useState(regions[0] ?? "");
  const [when, setWhen] = useState("");
  const [reason, setReason] = useState("");
  const save = useMutation({
    mutationFn: () =>
      apiFetch("/api/v1/topology/changes", {
        method: "POST",
        // datetime-local has no zone: it is read as the browser's local time and sent as UTC.
        json: { services: groups[group]?.services ?? [], activeRegion: region, cause: "manual", reason: reason.trim(), ...(when ? { effectiveAt: new Date(when).toISOString() } : {}) },
      }),
    onSuccess: () => {
      setReason("");
      router.refresh();
    },
  });
  return (
    <form className="form" aria-label="Record a failover done outside Meridian" onSubmit={(e) => { e.preventDefault(); save.mutate(); }} style={{ marginTop: 12 }}>
      <h3 className="small">Record a failover done outside Meridian</h3>
      <label>
        Services
        <select value={group} onChange={(e) => setGroup(Number(e.target.value))}>
          {groups.map((g, i) => <option key={g.label} value={i}>{g.label}: {g.services.join(", ")}</option>)}
        </select>
      </label>
      <label>
        Now active in
        <select value={region} onChange={(e) => setRegion(e.target.value)}>{regions.map((r) => <option key={r} value={r}>{r}</option>)}</select>
      </label>
      <label>
        Since (your local time; empty = now)
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <label>
        Reason (who did what; at least 10 characters, audited)
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} minLength={10} maxLength={2000} required />
      </label>
      <div className="row">
        <button className="btn" type="submit" disabled={save.isPending || reason.trim().length < 10}>{save.isPending ? "Recording…" : "Record"}</button>
        <span role="status" aria-live="polite">{save.error && <span className="badge bad">{save.error.message}</span>}{save.isSuccess && <span className="badge ok">recorded</span>}</span>
      </div>
    </form>
  );
}
