import Link from "next/link";
import { formatUtc } from "@/lib/format";
import { pageOf } from "@/lib/paging";
import { getTopologyView, listRecordableGroups } from "@/lib/topology/queries";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { Pager } from "@/components/ui/pager";
import { DriftWarning } from "./drift-warning";
import { RecordForm } from "./record-form";

const CAUSE: Record<string, string> = { configuration: "configuration", "failover-run": "failover run", manual: "recorded by hand", detected: "detected" };

const PAGE_SIZE = 50;

/** Regions → topology: the roles in force (since when, why), where the evidence disagrees, recent changes, and (admins) the record form. */
export async function TopologySection({ canRecord, page = 1 }: { canRecord: boolean; page?: number }) {
  const view = await getTopologyView(20);
  const { regions } = view;
  // Services a failover or a person moved first (what an incident asks about), then by name; one page at a time.
  const moved = (s: (typeof view.services)[number]) => (s.cause && s.cause !== "configuration" ? 0 : 1);
  const shown = pageOf([...view.services].sort((a, b) => moved(a) - moved(b) || a.service.localeCompare(b.service)), page, PAGE_SIZE);
  return (
    <section className="card" aria-labelledby="topology-h" data-testid="topology">
      <h2 id="topology-h">Topology</h2>
      <p className="muted small">
        Where each service is active, as recorded: every page reads roles as of the time of its data (a failover moves what follows it, not what came before).
        {view.evidenceAt ? <> Compared with what the systems that know say (read {formatUtc(view.evidenceAt)}).</> : <> No evidence source is read (an <code>aws</code> source with runbooks, or the demo fleet).</>}
      </p>
      <FreshnessNotice freshness={view.freshness} />
      {view.drift.map((d) => (
        <DriftWarning key={`${d.runbook}|${d.observedActive}`} drift={d} canRecord={canRecord} />
      ))}
      {view.inFlight.length > 0 && <p className="alert info small">A run is moving {view.inFlight.join(", ")}: their evidence is compared once it ends.</p>}
      {view.evidenceErrors.length > 0 && (
        <p className="alert warn small">Evidence not read: {view.evidenceErrors.map((e) => `${e.runbook} / ${e.step}: ${e.message}`).join("; ")}</p>
      )}
      <table className="table small" data-testid="topology-roles">
        <thead>
          <tr><th>Service</th>{regions.map((r) => <th key={r}>{r}</th>)}<th>Since</th><th>Why</th></tr>
        </thead>
        <tbody>
          {shown.rows.map((s) => (
            <tr key={s.service} data-testid={`topology-${s.service}`}>
              <td><span className="mono">{s.service}</span><div className="muted">{s.system}</div></td>
              {regions.map((r) => <td key={r}>{s.roles[r] ? <StatusBadge status={s.roles[r]} /> : <span className="muted">—</span>}</td>)}
              <td>{s.since ? formatUtc(s.since) : "—"}</td>
              <td>
                {s.cause ? CAUSE[s.cause] : "—"}
                {s.failoverRunId && <> <Link href={`/failovers/${s.failoverRunId}`}>run</Link></>}
                {s.actor && <> by {s.actor}</>}
                {s.reason && s.cause !== "configuration" && <div className="muted">{s.reason}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.pages > 1 && <p className="muted small">{shown.total.toLocaleString("en-US")} services, moved ones first.</p>}
      <Pager path="/regions" params={{}} page={shown.page} pages={shown.pages} />
      <h3 className="small">Recent changes</h3>
      {view.changes.length === 0 ? (
        <p className="muted small">None since the configuration was first recorded.</p>
      ) : (
        <ul className="small" data-testid="topology-changes">
          {view.changes.map((c) => (
            <li key={`${c.service}|${c.from}`}>
              {formatUtc(c.from)} <span className="mono">{c.service}</span> active in <strong>{c.activeRegion ?? "—"}</strong> <Badge>{CAUSE[c.cause]}</Badge>
              {c.failoverRunId && <> <Link href={`/failovers/${c.failoverRunId}`}>run</Link></>}
              {c.actor && <> by {c.actor}</>}
            </li>
          ))}
        </ul>
      )}
      {canRecord && <RecordForm groups={listRecordableGroups()} regions={regions} />}
    </section>
  );
}
