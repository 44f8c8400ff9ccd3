import Link from "next/link";
import type { AuditEventDto } from "@/lib/audit/schemas";
import type { ChangeDetail } from "@/lib/changes/queries";
import { formatUtc } from "@/lib/format";
import { StatusBadge } from "@/components/ui/badge";

/** Who approved or rejected which plan, and the change's audit trail. */
export function ChangeHistory({ c, audit }: { c: ChangeDetail; audit: AuditEventDto[] }) {
  return (
    <div className="grid cols-2">
      <div className="card">
        <div className="card-head"><h2>Approvals</h2></div>
        {c.approvals.length === 0 ? <p className="muted">None yet.</p> : (
          <ul className="small">
            {c.approvals.map((a) => (
              <li key={a.id}><StatusBadge status={a.decision === "approve" ? "approved" : "rejected"} /> {a.approver} ({a.role}) {formatUtc(a.createdAt)} {a.current ? "" : <span className="muted">— for an earlier plan</span>}{a.comment && <>: “{a.comment}”</>}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="card">
        <div className="card-head"><h2>Audit trail</h2><Link className="small" href={`/audit?targetType=change&targetId=${c.id}`}>Open in audit log</Link></div>
        <ul className="small" data-testid="change-audit">
          {audit.map((e) => <li key={e.seq}><span className="mono">{formatUtc(e.at)}</span> {e.actorName} <span className="mono">{e.action}</span> <StatusBadge status={e.outcome} />{e.reason && <> — {e.reason}</>}</li>)}
        </ul>
      </div>
    </div>
  );
}
