import type { DiffValue, ResourceSummary } from "@/lib/changes/plan-summary";
import { SENSITIVE_TEXT, UNKNOWN_TEXT } from "@/lib/changes/plan-summary";
import { toneOf } from "@/components/ui/tone";

/** Plan values are data from outside: always rendered as React text, never as HTML. */
export function DiffText({ value }: { value: DiffValue }) {
  switch (value.kind) {
    case "unknown":
      return <span className="muted">{UNKNOWN_TEXT}</span>;
    case "sensitive":
      return <span className="badge neutral">{SENSITIVE_TEXT}</span>;
    case "absent":
      return <span className="muted">—</span>;
    default:
      return <span className="mono">{value.text}</span>;
  }
}

/** One resource's diff; open by default when the page says so (short plans), else when destructive. */
export function ResourceDiff({ r, defaultOpen = r.destructive }: { r: ResourceSummary; defaultOpen?: boolean }) {
  const highlight = r.destructive ? (r.stateful ? "var(--bad)" : "var(--warn)") : undefined;
  return (
    <details className="card diff" style={{ borderLeft: highlight ? `4px solid ${highlight}` : undefined }} data-testid="resource" open={defaultOpen}>
      <summary style={{ cursor: "pointer" }}>
        <span className={`badge ${toneOf(r.action)}`}>{r.action === "replace" ? `replace (${r.replaceOrder ?? "delete-then-create"})` : r.action}</span>{" "}
        <span className="mono" data-testid="resource-address">{r.address}</span>{" "}
        {r.destructive && <span className="badge bad">destructive</span>}{" "}
        {r.stateful && <span className="badge warn" title={r.stateful}>stateful</span>}{" "}
        {r.importing && <span className="badge info">import</span>}{" "}
        {r.movedFrom && <span className="muted small">moved from <span className="mono">{r.movedFrom}</span></span>}{" "}
        <span className="muted small">{r.regions.join(", ")} ({r.regionSource})</span>
      </summary>
      {r.stateful && r.destructive && <p className="alert bad small" style={{ margin: "8px 0" }}>Destroys a stateful resource: {r.stateful}.</p>}
      {r.actionReason && <p className="muted small">Reason: {r.actionReason}</p>}
      {r.attributes.length > 0 && (
        <div className="table-wrap">
          {/* Fixed columns: every resource's diff lines up with the next one's. */}
          <table className="table small stack diff-table">
            <colgroup><col style={{ width: "30%" }} /><col style={{ width: "35%" }} /><col style={{ width: "35%" }} /></colgroup>
            <thead><tr><th>Attribute</th><th>Before</th><th>After</th></tr></thead>
            <tbody>
              {r.attributes.map((a) => (
                <tr key={a.path}>
                  <td className="mono" data-label="Attribute"><div>{a.path}{a.forcesReplacement && <span className="badge bad" style={{ marginLeft: 6 }}>forces replacement</span>}</div></td>
                  <td data-label="Before"><div><DiffText value={a.before} /></div></td>
                  <td data-label="After"><div><DiffText value={a.after} /></div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(r.unchangedAttributes > 0 || r.attributesTruncated) && (
        <p className="muted small">{r.unchangedAttributes > 0 ? `${r.unchangedAttributes} unchanged attributes hidden.` : ""} {r.attributesTruncated ? "More attributes not shown." : ""}</p>
      )}
    </details>
  );
}
