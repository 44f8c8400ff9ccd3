import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { listAuditActions, listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery } from "@/lib/audit/schemas";
import { AuditDetails } from "@/components/audit/audit-details";
import { AuditTarget } from "@/components/audit/audit-target";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { StatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtc } from "@/lib/format";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("audit.read", "/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = listAuditQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : listAuditQuery.parse({});
  const [{ events, nextBefore }, actions] = await Promise.all([listAuditEvents(query), listAuditActions()]);
  const next = new URLSearchParams({ ...raw, before: String(nextBefore ?? "") });
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every action, append-only and hash-chained." actions={can(actor.role, "audit.verify") ? <VerifyChainButton /> : undefined} />
      {!parsed.success && <div className="alert warn" role="alert">Some filters were invalid and were ignored: {parsed.error.issues[0]?.message}</div>}
      <form className="card row bottom no-print gap-below" method="get" aria-label="Filter audit events">
        <label>Action
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">any</option>
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>Actor<input name="actor" defaultValue={query.actor ?? ""} placeholder="user name" /></label>
        <label>Outcome
          <select name="outcome" defaultValue={query.outcome ?? ""}>
            <option value="">any</option><option>success</option><option>failure</option><option>denied</option>
          </select>
        </label>
        <label>From (UTC)<input type="datetime-local" name="from" defaultValue={raw.from ?? ""} /></label>
        <label>To (UTC)<input type="datetime-local" name="to" defaultValue={raw.to ?? ""} /></label>
        <button className="btn primary" type="submit">Filter</button>
        <Link className="btn" href="/audit">Clear</Link>
      </form>
      <div className="card table-wrap">
        <table className="table stack" data-testid="audit-table">
          <thead><tr><th>#</th><th>Time (UTC)</th><th>Actor</th><th>Action</th><th>Target</th><th>Outcome</th><th>Details</th></tr></thead>
          <tbody>
            {events.length === 0 && <tr><td colSpan={7} className="muted" data-label="">No events match these filters.</td></tr>}
            {events.map((e) => (
              <tr key={e.seq}>
                <td data-label="#" className="mono"><div>{e.seq}</div></td>
                <td data-label="Time (UTC)" className="mono small"><div>{formatUtc(e.at)}</div></td>
                <td data-label="Actor"><div>{e.actorDisplayName ?? e.actorName}{e.actorDisplayName && <div className="mono small muted">{e.actorName}</div>}</div></td>
                <td data-label="Action" className="mono"><div>{e.action}</div></td>
                <td data-label="Target" className="small"><AuditTarget event={e} /></td>
                <td data-label="Outcome"><div><StatusBadge status={e.outcome} /></div></td>
                <td data-label="Details" className="small cell-capped"><AuditDetails reason={e.reason} details={e.details} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextBefore && <p><Link className="btn" href={`/audit?${next.toString()}`}>Older events →</Link></p>}
    </>
  );
}
