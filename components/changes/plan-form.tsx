"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

type Planned = { id: string; number: number };

/** "name=value" lines → -var arguments. */
function parseVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export function PlanForm({ workspaces, suggestedVars }: { workspaces: string[]; suggestedVars: Record<string, string> }) {
  const router = useRouter();
  const [workspace, setWorkspace] = useState(workspaces[0] ?? "");
  const [vars, setVars] = useState(suggestedVars[workspaces[0] ?? ""] ?? "");
  const [title, setTitle] = useState("");
  const plan = useMutation({
    mutationFn: () => apiFetch<Planned>("/api/v1/changes/plan", { method: "POST", json: { workspace, vars: parseVars(vars), ...(title.trim() ? { title: title.trim() } : {}) } }),
    onSuccess: (c) => router.push(`/changes/${c.id}`),
  });
  return (
    <form
      className="card form"
      aria-label="Plan a change"
      onSubmit={(e) => {
        e.preventDefault();
        plan.mutate();
      }}
    >
      <div className="card-head"><h2>Plan a change</h2><span className="muted small">runs terraform plan -out in the workspace</span></div>
      <div className="row" style={{ alignItems: "flex-end", flexWrap: "wrap" }}>
        <label htmlFor="plan-workspace">Workspace to plan
          <select id="plan-workspace" value={workspace} onChange={(e) => { setWorkspace(e.target.value); setVars(suggestedVars[e.target.value] ?? ""); }}>
            {workspaces.map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </label>
        <label htmlFor="plan-title">Title (optional)<input id="plan-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} /></label>
        <label htmlFor="plan-vars">Variables (name=value per line)<textarea id="plan-vars" value={vars} onChange={(e) => setVars(e.target.value)} rows={2} className="mono" /></label>
        <button className="btn primary" type="submit" disabled={plan.isPending || !workspace}>{plan.isPending ? "Planning…" : "Plan"}</button>
      </div>
      <div role="status" aria-live="polite">{plan.error && <div className="alert bad" style={{ whiteSpace: "pre-wrap" }}>{plan.error.message}</div>}</div>
    </form>
  );
}
