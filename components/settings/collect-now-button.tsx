"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api-fetch";

type RefreshResult = { jobs: number; failed: { name?: string; error?: string }[] };

/** Runs every collection job now instead of waiting for each source's interval. */
export function CollectNowButton() {
  const router = useRouter();
  const collect = useMutation({
    mutationFn: () => apiFetch<RefreshResult>("/api/v1/collector/refresh", { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="row">
      <button type="button" className="btn" disabled={collect.isPending} onClick={() => collect.mutate()}>{collect.isPending ? "Collecting…" : "Collect now"}</button>
      <span role="status" aria-live="polite" className="small">
        {collect.error && <span className="badge bad">{collect.error.message}</span>}
        {collect.data && (collect.data.failed.length === 0 ? `${collect.data.jobs} jobs collected.` : `${collect.data.jobs} jobs run, ${collect.data.failed.length} failed.`)}
      </span>
    </div>
  );
}
