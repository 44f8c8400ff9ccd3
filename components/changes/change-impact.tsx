import type { ChangeDetail } from "@/lib/changes/queries";
import { RawOutput } from "./raw-output";
import { DiffText } from "./resource-diff";

/** Where the plan lands: its blast radius per region, and the services and outputs it touches. */
export function ChangeImpact({ s }: { s: ChangeDetail["summary"] }) {
  return (
    <div className="grid cols-2 gap-below">
      <div className="card">
        <div className="card-head"><h2>Blast radius by region</h2></div>
        <table className="table small">
          <thead><tr><th>Region</th><th>Resources</th><th>+</th><th>~</th><th>-</th><th>±</th><th>Stateful</th><th>Weight</th></tr></thead>
          <tbody>
            {s.blastRadius.length === 0 && <tr><td colSpan={8} className="muted">No resource changes.</td></tr>}
            {s.blastRadius.map((r) => (
              <tr key={r.region}>
                <td className="mono nowrap">{r.region} {r.active && <span className="badge info">active</span>}</td>
                <td>{r.resources}</td><td>{r.create}</td><td>{r.update}</td><td>{r.delete}</td><td>{r.replace}</td><td>{r.stateful}</td>
                <td><strong>{r.weight}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Weight: 1 per change in place; 4 per destroy/replace, ×3 in a region where the services are active, ×2 when the resource holds data.</p>
      </div>
      <div className="card">
        <div className="card-head"><h2>Services touched</h2></div>
        {s.services.length === 0 ? <p className="muted">None matched.</p> : (
          <ul className="small">{s.services.map((v) => <li key={v.service}><strong>{v.service}</strong> <span className="muted">via {v.via.join(", ")} · {v.regions.join(", ")}</span></li>)}</ul>
        )}
        {s.outputs.length > 0 && (
          <>
            <h3>Outputs</h3>
            <table className="table small"><tbody>{s.outputs.map((o) => <tr key={o.name}><td className="mono">{o.name}</td><td>{o.action}</td><td><DiffText value={o.before} /></td><td><DiffText value={o.after} /></td></tr>)}</tbody></table>
          </>
        )}
      </div>
    </div>
  );
}

/** terraform's own text of the stored plan, the one approvals bind to. */
export function PlanTextCard({ c }: { c: ChangeDetail }) {
  return (
    <div className="card gap-below">
      {c.planText === null ? (
        <p className="muted small" data-testid="plan-text-missing">terraform&apos;s text of this plan was not kept (planned before the console stored it).</p>
      ) : (
        <RawOutput
          title={`Plan output (terraform show, revision ${c.planRevision})`}
          text={c.planText}
          testId="plan-text"
          note={<p className="muted small">What terraform prints for the stored plan file {c.planSha256.slice(0, 12)}, the one approvals bind to; sensitive values masked.</p>}
        />
      )}
    </div>
  );
}
