"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatUtc } from "@/lib/format";

type Token = { id: string; name: string; prefix: string; workspace: string | null; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null };

export function TokenManager({ tokens }: { tokens: Token[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) => apiFetch<{ secret: string }>("/api/v1/tokens", { method: "POST", json: body }),
    onSuccess: (t) => { setSecret(t.secret); router.refresh(); },
  });
  const revoke = useMutation({ mutationFn: (id: string) => apiFetch(`/api/v1/tokens/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = Number(f.get("days"));
    create.mutate({ name: String(f.get("name")), ...(days ? { expiresInDays: days } : {}) });
  }
  return (
    <div className="grid">
      <form className="row" onSubmit={onSubmit} style={{ alignItems: "flex-end" }}>
        <label>Name<input name="name" required maxLength={80} placeholder="ci-pipeline" /></label>
        <label>Expires in (days)<input name="days" type="number" min={1} max={365} defaultValue={90} /></label>
        <button className="btn primary" type="submit" disabled={create.isPending}>Create token</button>
        {create.error && <span className="badge bad" role="alert">{create.error.message}</span>}
      </form>
      {secret && <div className="alert ok" role="status">Copy it now, it will not be shown again: <code data-testid="new-token" style={{ wordBreak: "break-all" }}>{secret}</code></div>}
      <table className="table stack">
        <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
        <tbody>
          {tokens.length === 0 && <tr><td colSpan={6} className="muted" data-label="">No tokens yet.</td></tr>}
          {tokens.map((t) => (
            <tr key={t.id}>
              <td data-label="Name"><div>{t.name}{t.workspace ? ` (workspace ${t.workspace})` : ""}</div></td>
              <td data-label="Prefix" className="mono"><div>{t.prefix}…</div></td>
              <td data-label="Created" className="small"><div>{formatUtc(t.createdAt)}</div></td>
              <td data-label="Expires" className="small"><div>{t.expiresAt ? formatUtc(t.expiresAt) : "never"}</div></td>
              <td data-label="Last used" className="small"><div>{t.lastUsedAt ? formatUtc(t.lastUsedAt) : "never"}</div></td>
              <td data-label=""><div>{t.revokedAt ? <span className="badge neutral">revoked</span> : <button className="btn quiet-danger" type="button" onClick={() => revoke.mutate(t.id)}>Revoke</button>}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
