import { auditDetailPairs } from "./detail-pairs";

/** An audit row's reason and details, readable: no raw JSON, nothing at all for empty details. */
export function AuditDetails({ reason, details }: { reason: string | null; details: unknown }) {
  const pairs = auditDetailPairs(details);
  if (!reason && pairs.length === 0) return <span className="muted">—</span>;
  return (
    <div style={{ overflowWrap: "anywhere" }}>
      {reason && <div>{reason}</div>}
      {pairs.map(([k, v]) => (
        <div key={k} className="mono small">{k && <span className="muted">{k}: </span>}{v}</div>
      ))}
    </div>
  );
}
