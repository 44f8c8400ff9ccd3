import type { TerraformWorkspaceStatus } from "@/lib/changes/terraform-status";
import { displayPath } from "@/lib/config/display-path";

/** Settings → Terraform workspaces: a missing binary or folder is said in one line per workspace. */
export function TerraformStatusSection({ workspaces }: { workspaces: TerraformWorkspaceStatus[] }) {
  return (
    <section className="card" aria-labelledby="terraform-h" data-testid="terraform-status">
      <h2 id="terraform-h">Terraform workspaces</h2>
      {workspaces.length === 0 && <p className="muted">No workspaces configured: add them under <code>workspaces:</code> in the configuration.</p>}
      {workspaces.length > 0 && (
        <table className="table">
          <thead><tr><th>Workspace</th><th>Regions</th><th>Folder</th><th>Terraform</th></tr></thead>
          <tbody>
            {workspaces.map((w) => (
              <tr key={w.name}>
                <td className="mono">{w.name}</td>
                <td>{w.regions.join(", ")}</td>
                <td className="mono small">{displayPath(w.dir)} {!w.dirExists && <span className="badge bad">missing</span>}</td>
                <td>{w.version ? <span className="badge ok">{w.bin} {w.version}</span> : <span className="badge bad" role="alert">{w.error}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
