import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";
import { getServiceHistory } from "@/lib/deployments/queries";
import { serviceHistoryQuery, serviceParams } from "@/lib/deployments/schemas";
import { NotFoundError } from "@/lib/http/errors";
import { formatUtc } from "@/lib/format";
import { VersionTimeline } from "@/components/deployments/version-timeline";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { TimeAgo } from "@/components/ui/time-ago";

export const metadata: Metadata = { title: "Version history" };
export const dynamic = "force-dynamic";

export default async function ServiceHistoryPage({ params, searchParams }: { params: Promise<{ service: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { service } = await params;
  await requirePage("dashboard.read", `/deployments/${service}`);
  const p = serviceParams.safeParse({ service });
  if (!p.success) notFound();
  const q = serviceHistoryQuery.safeParse({ days: (await searchParams).days });
  const history = await getServiceHistory(p.data.service, q.success ? q.data : { days: 30 }).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const events = history.regions.flatMap((r) => r.events).sort((a, b) => b.at.localeCompare(a.at));
  return (
    <>
      <PageHeader
        title={history.name}
        subtitle={<>{history.systemName} · team {history.team} · versions over the last {Math.round((Date.parse(history.to) - Date.parse(history.from)) / 86_400_000)} days</>}
        actions={<Link className="btn" href={`/deployments?q=${history.service}`}>← Matrix</Link>}
      />
      <FreshnessNotice freshness={{ fetchedAt: history.fetchedAt, staleSources: history.staleSources }} />
      <div className="grid cols-4" style={{ marginBottom: 14 }}>
        {history.regions.map((r) => (
          <div key={r.region} className="card" data-testid={`history-region-${r.region}`} style={r.current?.drift ? { borderColor: "var(--warn)" } : undefined}>
            <div className="card-head">
              <h2 style={{ margin: 0 }}>{r.region}</h2>
              {r.role && <StatusBadge status={r.role} />}
            </div>
            <div className="mono">{r.current?.version ?? "not running"}</div>
            {r.isReference && <div className="small muted">reference (the region others are compared with)</div>}
            {r.current?.drift && (
              <div className="small" style={{ color: "var(--warn)", fontWeight: 600 }} data-testid="drift-began">
                drift{r.current.lag?.direction === "behind" && r.current.lag.releases !== null ? `: behind by ${r.current.lag.releases} release${r.current.lag.releases === 1 ? "" : "s"}` : ""}
                {r.driftSince ? <> · drift began {formatUtc(r.driftSince)} (<TimeAgo iso={r.driftSince} />)</> : " · began before the collected history"}
              </div>
            )}
            {r.current?.deployedAt && <div className="small muted">deployed <TimeAgo iso={r.current.deployedAt} /></div>}
            {r.current?.version && (
              <dl className="kv small" data-testid={`provenance-${r.region}`}>
                <dt>Rollout</dt><dd>{r.current.rollout ? <StatusBadge status={r.current.rollout} /> : "—"} {r.current.readyReplicas}/{r.current.desiredReplicas} ready</dd>
                <dt>Deployer</dt><dd>{r.current.deployer ?? "—"}</dd>
                <dt>Commit</dt><dd className="mono">{r.current.commit ?? "—"}</dd>
                <dt>Helm release</dt><dd className="mono">{r.current.release ?? "—"}</dd>
              </dl>
            )}
          </div>
        ))}
      </div>
      <section className="card" style={{ marginBottom: 14 }}>
        <h2>Timeline</h2>
        <VersionTimeline regions={history.regions} from={history.from} to={history.to} />
        <p className="small muted">Bars are the versions each region ran; a dashed line marks when the region's drift from {history.referenceRegion ?? "the reference region"} began.</p>
      </section>
      <section className="card table-wrap">
        <h2>Deployments</h2>
        <table className="table" data-testid="history-events">
          <thead><tr><th>Time (UTC)</th><th>Region</th><th>Version</th><th>Previous</th><th>Deployed by</th><th>Commit</th></tr></thead>
          <tbody>
            {events.length === 0 && <tr><td colSpan={6} className="muted">No deployments recorded in this window.</td></tr>}
            {events.map((e) => (
              <tr key={`${e.region}-${e.at}-${e.version}`}>
                <td className="mono small">{formatUtc(e.at)}</td>
                <td>{e.region}{history.referenceRegion === e.region && <> <Badge tone="info">reference</Badge></>}</td>
                <td className="mono">{e.version}</td>
                <td className="mono muted">{e.previousVersion ?? "—"}</td>
                {/* "—": the source did not say (no annotation, or recorded before it was kept). */}
                <td data-testid="event-deployer">{e.deployer ?? "—"}</td>
                <td className="mono" data-testid="event-commit">{e.commit ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
