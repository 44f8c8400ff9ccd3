import Link from "next/link";
import type { DeploymentMatrixDto } from "@/lib/deployments/queries";
import type { MatrixCell } from "@/lib/deployments/matrix";
import { formatAge, formatUtc } from "@/lib/format";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { hrefWith, Pager } from "@/components/ui/pager";

type Params = Record<string, string>;

const href = (params: Params, over: Params) => hrefWith("/deployments", params, over);

function lagText(cell: MatrixCell): string | null {
  if (!cell.lag || cell.lag.direction === "same") return null;
  if (cell.lag.direction === "unknown") return "differs (order unknown)";
  const n = cell.lag.releases;
  return `${cell.lag.direction} by ${n === null ? "?" : n} release${n === 1 ? "" : "s"}`;
}

function Cell({ cell, now, service }: { cell: MatrixCell | undefined; now: number; service: string }) {
  if (!cell) return <td className="muted small">—</td>;
  const style = cell.drift ? { background: "var(--warn-bg)", boxShadow: "inset 3px 0 0 var(--warn)" } : undefined;
  const lag = lagText(cell);
  return (
    <td style={style} data-testid={`cell-${service}-${cell.region}`} data-drift={cell.drift ? "true" : "false"}>
      <div className="row" style={{ gap: 6 }}>
        <span className="mono">{cell.version ?? "not running"}</span>
        {cell.role && <span className="small muted">{cell.role}</span>}
        {cell.stale && <Badge tone="warn" title="This region's data is stale">stale</Badge>}
      </div>
      {cell.otherVersions.length > 0 && <div className="small">also {cell.otherVersions.join(", ")}</div>}
      {cell.drift && <div className="small" style={{ color: "var(--warn)", fontWeight: 600 }}>drift{lag ? `: ${lag}` : ""}</div>}
      {cell.version && (
        <div className="small muted row" style={{ gap: 6 }}>
          <span title="ready / desired replicas">{cell.readyReplicas}/{cell.desiredReplicas}</span>
          {cell.rollout && <span title="rollout status">{cell.rollout === "complete" ? "rolled out" : <StatusBadge status={cell.rollout} />}</span>}
          {cell.deployedAt && <time dateTime={cell.deployedAt} title={formatUtc(cell.deployedAt)}>{formatAge(now - Date.parse(cell.deployedAt))}</time>}
        </div>
      )}
      {cell.version && (
        // As Argo CD shows it: who shipped the version and from which commit; "—" where the source does not say.
        <div className="small muted" data-testid={`provenance-${service}-${cell.region}`}>
          <span title="deployer">by {cell.deployer ?? "—"}</span> · <span className="mono" title={cell.release ? `commit, Helm release ${cell.release}` : "commit"}>{cell.commit ?? "—"}</span>
        </div>
      )}
    </td>
  );
}

const SORTS = [
  { key: "system", label: "System" },
  { key: "service", label: "Service" },
  { key: "team", label: "Team" },
  { key: "drift", label: "Drift" },
  { key: "deployed", label: "Last deployed" },
] as const;

/** One page of the matrix, rendered on the server: plain links sort and page, so the URL is the view. */
export function VersionMatrix({ matrix, params, now }: { matrix: DeploymentMatrixDto; params: Params; now: number }) {
  const sort = params.sort ?? "system";
  const dir = params.dir ?? "asc";
  const sortLink = (key: string) => href(params, { sort: key, dir: sort === key && dir === "asc" ? "desc" : "asc", page: "" });
  return (
    <>
      <div className="row small" style={{ marginBottom: 8, justifyContent: "space-between" }}>
        <span className="muted" data-testid="matrix-count">
          {matrix.total} service{matrix.total === 1 ? "" : "s"} · {matrix.driftCount} with drift · {matrix.regions.length} region{matrix.regions.length === 1 ? "" : "s"}
        </span>
        <nav className="row" aria-label="Sort">
          <span className="muted">Sort:</span>
          {SORTS.map((s) => (
            <Link key={s.key} href={sortLink(s.key)} aria-current={sort === s.key ? "true" : undefined} style={{ fontWeight: sort === s.key ? 700 : 400 }}>
              {s.label}{sort === s.key ? (dir === "asc" ? " ▲" : " ▼") : ""}
            </Link>
          ))}
        </nav>
      </div>
      {/* The page scrolls, not a box inside it; the wrap only catches width on narrow screens. */}
      <div className="card table-wrap" style={{ padding: 0 }}>
        <table className="table" data-testid="version-matrix">
          <thead>
            <tr>
              <th scope="col" style={{ left: 0, zIndex: 2, minWidth: 220 }}>Service</th>
              {matrix.regions.map((r) => <th key={r} scope="col">{r}<div style={{ fontWeight: 400 }}><DataAge iso={matrix.regionsAsOf[r] ?? null} /></div></th>)}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.length === 0 && (
              <tr><td colSpan={matrix.regions.length + 1} className="muted">No services match these filters.</td></tr>
            )}
            {matrix.rows.map((row) => (
              <tr key={row.service} data-testid={`row-${row.service}`} data-drift={row.drift ? "true" : "false"}>
                <th scope="row" style={{ position: "static", fontSize: 14, color: "var(--text)", fontWeight: 400 }}>
                  <Link href={`/deployments/${row.service}`}>{row.name}</Link>
                  <div className="small muted">{row.systemName} · {row.team}{row.tier === "critical" ? " · critical" : ""}</div>
                  {row.drift && <Badge tone="warn">drift{row.maxBehind ? ` · up to ${row.maxBehind} behind` : ""}</Badge>}
                </th>
                {matrix.regions.map((r) => <Cell key={r} cell={row.cells[r]} now={now} service={row.service} />)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path="/deployments" params={params} page={matrix.page} pages={matrix.pages} />
    </>
  );
}
