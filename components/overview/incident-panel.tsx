import Link from "next/link";
import type { IncidentRunbook } from "@/lib/overview/queries";
import { readIncidentActions } from "@/lib/read-models/queries";
import { formatSeconds } from "@/components/replication/format-lag";
import { RunStateBadge } from "@/components/failovers/run-state-badge";
import { Badge } from "@/components/ui/badge";
import { DataAge, NoDataSince, Since } from "@/components/ui/data-age";

// The overview's lead when a region is in trouble: what to do now, not only what is wrong.

function DataLoss({ rb }: { rb: IncidentRunbook }) {
  if (rb.expectedDataLossSec !== null) return <>{formatSeconds(rb.expectedDataLossSec)}</>;
  if (rb.lastKnownDataLoss)
    return (
      <span title="The replication lag when the links were last seen; writes since then are lost too">
        ≥ {formatSeconds(rb.lastKnownDataLoss.seconds)}
        <div className="small muted">last-known lag + writes since</div>
      </span>
    );
  return <span className="muted">unknown</span>;
}

/** One line per reason at 3 a.m.: the check and the start of why; the whole text on hover. */
function short(message: string): string {
  const text = message.replace(/ \(demo scenario [^)]*\)/g, "");
  return text.length > 110 ? `${text.slice(0, 108)}…` : text;
}

function Action({ rb, canRequest }: { rb: IncidentRunbook; canRequest: boolean }) {
  if (rb.canRun === "open") return <Link className="btn" href={rb.href}>open the run in progress</Link>;
  if (!canRequest) return <span className="small muted">an operator can request it</span>;
  if (rb.canRun === "ready")
    return (
      <Link className="btn primary" style={{ whiteSpace: "nowrap" }} href={rb.href} data-testid={`incident-failover-${rb.service}-${rb.to}`}>
        Fail over to {rb.to}
      </Link>
    );
  if (rb.canRun === "override") return <Link className="btn" href={rb.href}>Request with an override…</Link>;
  return <span className="small" style={{ color: "var(--bad)" }}>blocked: not-ready and the runbook allows no override</span>;
}

export async function IncidentPanel({ canRequest }: { canRequest: boolean }) {
  const regions = await readIncidentActions();
  if (regions.length === 0) return null;
  return (
    <div className="grid" data-testid="incident-actions">
      {regions.map((r) => (
        <section key={r.region} className="card" aria-labelledby={`incident-${r.region}-h`} style={{ borderLeft: `6px solid ${r.health === "degraded" ? "var(--warn)" : "var(--bad)"}` }} data-testid={`incident-${r.region}`}>
          <h2 id={`incident-${r.region}-h`} style={{ marginTop: 0, fontSize: "1.5rem" }}>
            <span style={{ color: r.health === "degraded" ? "var(--warn)" : "var(--bad)" }}>{r.region} is {r.health}</span>{" "}
            <span className="small" style={{ fontWeight: 400 }}>{r.health === "unreachable" ? <NoDataSince iso={r.since} /> : r.since ? <Since iso={r.since} /> : null}</span>
          </h2>
          <p style={{ margin: "4px 0 10px" }}>
            {r.name}. {r.noData > 0 && <><strong>{r.noData} SLO{r.noData === 1 ? "" : "s"}</strong> without data{r.paging > 0 ? ", " : ". "}</>}
            {r.paging > 0 && <><strong>{r.paging} SLO{r.paging === 1 ? "" : "s"} paging</strong>. </>}
            {r.targets.length > 0 ? <>Healthy target{r.targets.length === 1 ? "" : "s"}: <strong>{r.targets.join(", ")}</strong>.</> : <strong style={{ color: "var(--bad)" }}>No healthy region to fail over to.</strong>}
          </p>
          {r.runbooks.length === 0 ? (
            <p className="muted">No runbook moves a service out of {r.region} to a healthy region.</p>
          ) : (
            <table className="table">
              <thead><tr><th>Runbook</th><th>Readiness now</th><th style={{ textAlign: "right" }}>Expected data loss</th><th></th></tr></thead>
              <tbody>
                {r.runbooks.map((rb) => (
                  <tr key={`${rb.service}-${rb.to}`} data-testid={`incident-runbook-${rb.service}`}>
                    <td style={{ minWidth: 220 }}>
                      <strong>{rb.name}</strong> <span className="small muted mono">→ {rb.to}</span>
                      <div className="small">{rb.path === "data-loss" ? <Badge tone="bad">data-loss path: {rb.from} is gone</Badge> : <Badge tone="ok">planned: no data loss expected</Badge>}</div>
                    </td>
                    <td>
                      <RunStateBadge state={rb.verdict} /> <DataAge iso={rb.dataAsOf ?? rb.evaluatedAt} label="data as of" />
                      {rb.reasons.length > 0 && (
                        <ul className="small" style={{ margin: "2px 0 0", paddingLeft: 16 }}>
                          {rb.reasons.slice(0, 2).map((x, i) => <li key={`${x.check}-${i}`} title={x.message}><strong>{x.check}</strong> {x.verdict}: {short(x.message)}</li>)}
                        </ul>
                      )}
                    </td>
                    <td style={{ textAlign: "right", whiteSpace: "nowrap" }}><DataLoss rb={rb} /></td>
                    <td style={{ textAlign: "right" }}><Action rb={rb} canRequest={canRequest} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
