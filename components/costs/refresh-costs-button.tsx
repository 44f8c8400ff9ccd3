"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api-fetch";

type Outcome = { source: string; kind: string; refreshed: number; failed: string[]; requests: number };

/** Admins only: refetch now (each Cost Explorer request is billed). */
export function RefreshCostsButton() {
  const router = useRouter();
  const refresh = useMutation({
    mutationFn: () => apiFetch<Outcome>("/api/v1/costs/refresh", { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <span className="row">
      <button type="button" className="btn" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
        {refresh.isPending ? "Refreshing…" : "Refresh cost data"}
      </button>
      <span role="status" aria-live="polite" className="small">
        {refresh.error && <span className="badge bad">{refresh.error.message}</span>}
        {refresh.data &&
          (refresh.data.failed.length ? (
            <span className="badge warn" title={refresh.data.failed.join("\n")}>{refresh.data.failed.length} failed; showing last data</span>
          ) : (
            <span className="badge ok">Refreshed ({refresh.data.requests} billed requests)</span>
          ))}
      </span>
    </span>
  );
}
