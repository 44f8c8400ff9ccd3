"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ListedUser } from "@/lib/users/configured-users";
import { apiFetch } from "@/components/ui/api-fetch";
import { Badge } from "@/components/ui/badge";
import { SortableTable } from "@/components/ui/sortable-table";
import { TimeAgo } from "@/components/ui/time-ago";

export function UsersTable({ users, selfId }: { users: ListedUser[]; selfId: string }) {
  const router = useRouter();
  const toggle = useMutation({
    mutationFn: (u: ListedUser) => apiFetch(`/api/v1/users/${u.id}`, { method: "PUT", json: { disabled: !u.disabled } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      {toggle.error && <div className="alert bad" role="alert">{toggle.error.message}</div>}
      <SortableTable
        rows={users}
        rowKey={(u) => u.id}
        initialSort={{ key: "username", dir: "asc" }}
        empty="No users are configured and nobody has signed in yet."
        columns={[
          { key: "username", header: "User", cell: (u) => <span><strong>{u.username}</strong> <span className="muted small">{u.displayName}</span></span>, sortValue: (u) => u.username },
          { key: "role", header: "Role", cell: (u) => u.role, sortValue: (u) => u.role },
          { key: "provider", header: "Sign-in", cell: (u) => u.provider, sortValue: (u) => u.provider },
          { key: "last", header: "Last sign-in", cell: (u) => (u.lastSignInAt ? <TimeAgo iso={u.lastSignInAt} /> : <span className="muted">not yet</span>), sortValue: (u) => u.lastSignInAt },
          { key: "status", header: "Status", cell: (u) => (u.disabled ? <Badge tone="bad">disabled</Badge> : <Badge tone="ok">active</Badge>), sortValue: (u) => (u.disabled ? 1 : 0) },
          {
            key: "action",
            header: "",
            cell: (u) =>
              u.id === selfId ? <span className="muted small">you</span> : !u.inDatabase ? <span className="muted small" title="A configured sign-in nobody has used yet">—</span> : (
                // A routine, reversible action in every row: quiet, so real alarms keep their red.
                <button type="button" className={u.disabled ? "btn" : "btn quiet-danger"} disabled={toggle.isPending} onClick={() => toggle.mutate(u)}>
                  {u.disabled ? "Enable" : "Disable"}
                </button>
              ),
          },
        ]}
      />
      <p className="muted small">Roles come from the identity provider&apos;s groups (OIDC_ROLE_MAP) or the demo sign-ins; disabling blocks the user&apos;s sessions and tokens at their next request.</p>
    </>
  );
}
