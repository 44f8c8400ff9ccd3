"use client";
import { useQuery } from "@tanstack/react-query";

type Me = { username: string; displayName: string };

/**
 * Who is signed in, asked by the browser: the server-rendered shell is the same for everyone of a
 * role, so the overview can be shared by a crowd (lib/live/page-cache.ts). The role comes rendered.
 */
export function CurrentUser({ roleLabel }: { roleLabel: string }) {
  const me = useQuery<Me>({
    queryKey: ["me"],
    queryFn: async () => {
      const res = await fetch("/api/v1/me", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(String(res.status));
      return (await res.json()) as Me;
    },
    staleTime: Infinity,
  });
  return (
    <div>
      <strong data-testid="current-user">{me.data?.displayName ?? (me.isError ? "(unknown)" : "…")}</strong>
      <div className="muted small">{me.data ? `${me.data.username} · ` : ""}{roleLabel}</div>
    </div>
  );
}
