"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatUtc } from "@/lib/format";

export function ScenarioSwitcher({ current, since, scenarios }: { current: string; since: string; scenarios: Record<string, { label: string; description: string }> }) {
  const router = useRouter();
  const [choice, setChoice] = useState(current);
  const save = useMutation({
    mutationFn: (scenario: string) => apiFetch("/api/v1/scenario", { method: "PUT", json: { scenario } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form className="form" onSubmit={(e) => { e.preventDefault(); save.mutate(choice); }}>
      <p className="muted small">Now: <strong>{scenarios[current]?.label}</strong> since {formatUtc(since)}. Changes take effect at the next collection.</p>
      <fieldset className="grid cols-3" style={{ border: 0, padding: 0 }}>
        <legend className="small muted">Scenario</legend>
        {Object.entries(scenarios).map(([id, s]) => (
          <label key={id} className="card" style={{ flexDirection: "row", gap: 10, fontWeight: 400, cursor: "pointer" }}>
            <input type="radio" name="scenario" value={id} checked={choice === id} onChange={() => setChoice(id)} />
            <span><strong>{s.label}</strong><br /><span className="muted small">{s.description}</span></span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <button className="btn primary" type="submit" disabled={save.isPending || choice === current}>{save.isPending ? "Switching…" : "Switch scenario"}</button>
        <span role="status" aria-live="polite">{save.error && <span className="badge bad">{save.error.message}</span>}</span>
      </div>
    </form>
  );
}
