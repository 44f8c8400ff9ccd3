import type { ConfigSummary } from "@/lib/config/config-summary";
import { displayPath } from "@/lib/config/display-path";

/** The effective configuration in sections, durations in words; the raw file sits behind a details toggle. */
export function ConfigSections({ summary, rawYaml }: { summary: ConfigSummary; rawYaml: string | null }) {
  return (
    <div className="grid" data-testid="effective-config">
      <section aria-labelledby="cfg-regions-h">
        <h3 id="cfg-regions-h">Regions and clusters</h3>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Region</th><th>Provider</th><th>Clusters</th></tr></thead>
            <tbody>
              {summary.regions.map((r) => (
                <tr key={r.id}>
                  <td><strong>{r.name}</strong> <span className="muted small mono">{r.id}</span></td>
                  <td>{r.provider}</td>
                  <td>{r.clusters.length === 0 ? "—" : r.clusters.map((c) => <div key={c.id}><span className="mono">{c.id}</span> <span className="muted small">{c.kind}{c.context ? `, context ${c.context}` : ""}</span></div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="cfg-sources-h">
        <h3 id="cfg-sources-h">Sources</h3>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Kind</th><th>Every</th><th>Timeout</th><th>Stale after</th><th>Regions</th><th>Target and credentials</th></tr></thead>
            <tbody>
              {summary.sources.map((s) => (
                <tr key={s.name}>
                  <td className="mono">{s.name}</td>
                  <td>{s.kind}</td>
                  <td>{s.interval}</td>
                  <td>{s.timeout}</td>
                  <td>{s.staleAfter}{s.staleAfterDerived && <div className="muted small">{summary.staleAfterMultiplier} × interval (default)</div>}</td>
                  <td>{s.regions}</td>
                  <td className="small">
                    {s.target && <div className="mono">{s.target}</div>}
                    {s.roleArn && <div className="mono">role {s.roleArn}</div>}
                    {s.secrets.map((x) => <div key={x} className="mono">{x}</div>)}
                    {!s.target && !s.roleArn && s.secrets.length === 0 && "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="cfg-systems-h">
        <h3 id="cfg-systems-h">Systems and services</h3>
        {summary.systems.length === 0 && <p className="muted">No systems declared.</p>}
        {summary.systems.map((sys) => (
          <div key={sys.id} className="table-wrap">
            <h4>{sys.name} <span className="muted small">team {sys.team}</span></h4>
            <table className="table">
              <thead><tr><th>Service</th><th>Team</th><th>Tier</th><th>Role per region</th></tr></thead>
              <tbody>
                {sys.services.map((svc) => (
                  <tr key={svc.id}>
                    <td>{svc.name} <span className="muted small mono">{svc.id}</span>{svc.stateful && <span className="muted small"> · stateful</span>}</td>
                    <td>{svc.team}</td>
                    <td>{svc.tier}</td>
                    <td>{svc.roles.map((r) => `${r.region}: ${r.role}`).join(" · ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section aria-labelledby="cfg-links-h">
        <h3 id="cfg-links-h">Replication links</h3>
        {summary.links.length === 0 ? <p className="muted">No links declared.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Service</th><th>From → to</th><th>Engine</th><th>RPO</th><th>Warning / breach</th><th>Source</th></tr></thead>
              <tbody>
                {summary.links.map((l) => (
                  <tr key={l.id}><td className="mono">{l.service}</td><td>{l.route}</td><td>{l.engine}</td><td>{l.rpo}</td><td>{l.warning} / {l.breach}</td><td>{l.source}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cfg-ws-h">
        <h3 id="cfg-ws-h">Terraform workspaces and their policies</h3>
        {summary.workspaces.length === 0 ? <p className="muted">No workspaces declared.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Workspace</th><th>Regions</th><th>Services</th><th>Approvals</th><th>Approval valid for</th><th>SLO gate</th><th>Freeze windows</th></tr></thead>
              <tbody>
                {summary.workspaces.map((w) => (
                  <tr key={w.name}>
                    <td><span className="mono">{w.name}</span><div className="muted small mono">{displayPath(w.dir)}</div></td>
                    <td>{w.regions}</td>
                    <td className="small">{w.services}</td>
                    <td>{w.approvals} of {w.approverRoles}</td>
                    <td>{w.approvalTtl}</td>
                    <td>{w.sloGate ? "on" : "off"}</td>
                    <td className="small">{w.freezeWindows.length === 0 ? "—" : w.freezeWindows.map((f) => <div key={f}>{f}</div>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cfg-runbooks-h">
        <h3 id="cfg-runbooks-h">Failover runbooks</h3>
        {summary.runbooks.length === 0 ? <p className="muted">No runbooks declared.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Service</th><th>RTO</th><th>RPO</th><th>Drill due after</th><th>Steps</th></tr></thead>
              <tbody>
                {summary.runbooks.map((rb) => (
                  <tr key={rb.service}>
                    <td>{rb.name} <span className="muted small mono">{rb.service}</span></td>
                    <td>{rb.rto}</td><td>{rb.rpo}</td><td>{rb.drillMaxAge}</td>
                    <td className="small">{rb.steps.join(" → ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cfg-misc-h">
        <h3 id="cfg-misc-h">SLOs and retention</h3>
        <dl className="kv">
          <dt>SLO file</dt><dd className="mono">{summary.sloFile ?? "—"}</dd>
          {summary.retention.map((r) => <span key={r.key} style={{ display: "contents" }}><dt>Keep {r.key}</dt><dd>{r.keep}</dd></span>)}
        </dl>
      </section>

      <details>
        <summary>Raw YAML (the file as written; secrets are env: references)</summary>
        {rawYaml === null ? <p className="muted">This configuration was set in memory, not read from a file.</p> : <pre className="mono small" data-testid="raw-config">{rawYaml}</pre>}
      </details>
    </div>
  );
}
