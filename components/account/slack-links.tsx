"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatUtc } from "@/lib/format";

type Identity = { id: string; teamId: string; slackUserId: string; slackUserName: string; linkedAt: string };

/** The confirmation of a link offered from Slack: names both sides, acts only on a click. */
export function ConfirmSlackLink({ token, slackUser, team, account }: { token: string; slackUser: string; team: string; account: string }) {
  const router = useRouter();
  const confirm = useMutation({ mutationFn: () => apiFetch<Identity>("/api/v1/integrations/slack/links", { method: "POST", json: { token } }), onSuccess: () => router.push("/account") });
  return (
    <div className="grid">
      <p>
        Link Slack user <strong>@{slackUser}</strong> in workspace <strong>{team}</strong> to this account (<strong>{account}</strong>)? Their clicks on Approve and Reject in Slack will then act as you, with your role.
      </p>
      <div className="row">
        <button className="btn primary" type="button" onClick={() => confirm.mutate()} disabled={confirm.isPending || confirm.isSuccess}>Link @{slackUser} to {account}</button>
        {confirm.error && <span className="badge bad" role="alert">{confirm.error.message}</span>}
      </div>
    </div>
  );
}

export function SlackLinks({ links }: { links: Identity[] }) {
  const router = useRouter();
  const unlink = useMutation({ mutationFn: (id: string) => apiFetch(`/api/v1/integrations/slack/links/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });
  return (
    <table className="table stack">
      <thead><tr><th>Slack user</th><th>Workspace</th><th>Linked</th><th></th></tr></thead>
      <tbody>
        {links.length === 0 && <tr><td colSpan={4} className="muted" data-label="">No Slack user is linked. Click Approve on a message in Slack to get a link.</td></tr>}
        {links.map((l) => (
          <tr key={l.id}>
            <td data-label="Slack user"><div>@{l.slackUserName} <span className="muted small mono">{l.slackUserId}</span></div></td>
            <td data-label="Workspace" className="mono"><div>{l.teamId}</div></td>
            <td data-label="Linked" className="small"><div>{formatUtc(l.linkedAt)}</div></td>
            <td data-label=""><div><button className="btn quiet-danger" type="button" onClick={() => unlink.mutate(l.id)}>Unlink</button></div></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
