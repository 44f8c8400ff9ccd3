import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { NotFoundError } from "@/lib/http/errors";
import { latencyLabel } from "@/lib/slos/latency-label";
import { getSloDetail, type SloDetail } from "@/lib/slos/queries";
import { sloSeriesQuery } from "@/lib/slos/schemas";
import { BURN_WINDOWS } from "@/lib/slos/types";
import { SloCharts } from "@/components/slos/slo-charts";
import { formatBurn, formatEta, formatFraction, formatMinutes, formatSli, formatWindow } from "@/components/slos/format";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";
import { DataAge, NoDataSince } from "@/components/ui/data-age";

export const metadata: Metadata = { title: "SLO" };
export const dynamic = "force-dynamic";

async function loadDetail(id: string): Promise<SloDetail> {
  try {
    return await getSloDetail(id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function SloPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id } = await params;
  await requirePage("dashboard.read", `/slos/${id}`);
  const detail = await loadDetail(id);
  const { row } = detail;
  const sp = await searchParams;
  const range = sloSeriesQuery.safeParse({ range: sp.range });
  const rangeMs = range.success ? range.data.range : null;
  const hasData = row.sli !== null;
  const page = row.firing.find((f) => f.severity === "page") ?? row.firing[0];
  const latency = latencyLabel(detail.thresholdMs, row.latency);
  return (
    <>
      <PageHeader
        title={`${row.serviceName} — ${row.name}`}
        subtitle={<><span className="mono">{row.region}</span> · {row.kind}{detail.thresholdMs !== null ? ` (faster than ${detail.thresholdMs / 1000} s)` : ""} · objective {row.objective} % over a rolling {formatWindow(row.windowMs)} · <Link href="/slos">all SLOs</Link></>}
      />
      <FreshnessNotice freshness={detail.freshness} />
      {!range.success && <div className="alert warn" role="alert" style={{ marginBottom: 12 }}>{range.error.issues[0]?.message}; showing the whole window.</div>}
      {row.noDataSince !== null && (
        <div className="alert bad" role="alert" style={{ marginBottom: 12 }} data-testid="slo-no-data">
          <strong><NoDataSince iso={row.noDataSince} reason={row.noDataReason} /></strong>{row.noDataReason ? `: ${row.noDataReason}` : ""}. The state is no-data, never ok; the SLI and budget are the last computed values, frozen{row.lastKnownState ? ` (the state then was ${row.lastKnownState})` : ""}.
        </div>
      )}
      {row.errors.length > 0 && <div className="alert bad" role="alert" style={{ marginBottom: 12 }}>The source refused this SLO&apos;s query: {row.errors.join("; ")}</div>}
      <div className="grid cols-4" style={{ marginBottom: 14 }}>
        <section className="card" aria-label="SLI">
          <div className="muted small">SLI over {formatWindow(row.windowMs)}</div>
          <div className="stat" data-testid="slo-sli">{formatSli(row.sli)}</div>
          <div><DataAge iso={row.dataAsOf} /></div>
          {row.met === null ? <Badge tone="neutral">no data</Badge> : row.met ? <Badge tone="ok">objective met</Badge> : <Badge tone="bad">objective missed</Badge>}
          {latency && (
            <div className="small" style={{ marginTop: 6, color: latency.over ? "var(--bad)" : undefined }} data-testid="slo-latency">
              {latency.text}{row.latency ? ` (last ${Math.round(row.latency.windowMs / 60_000)} min)` : ""}
            </div>
          )}
        </section>
        <section className="card" aria-label="Error budget">
          <div className="muted small">Error budget left</div>
          <div className="stat" data-testid="slo-budget">{formatFraction(row.budget?.remaining)}</div>
          <div>{row.budgetFrozen && <Badge tone="warn">frozen</Badge>} <DataAge iso={row.dataAsOf} /></div>
          {row.budget && (
            <div className="small muted">
              {formatMinutes(row.budget.remainingMinutes)} of {formatMinutes(row.budget.totalMinutes)} of full outage left · {formatFraction(row.budget.consumed)} spent ({formatMinutes(row.budget.consumedMinutes)})
            </div>
          )}
        </section>
        <section className="card" aria-label="Burn state">
          <div className="muted small">Alert state</div>
          <div className="stat"><StatusBadge status={row.state} /></div>
          <div className="small muted" data-testid="slo-rule">
            {page
              ? `${page.long} burn ${formatBurn(page.longBurn)} and ${page.short} burn ${formatBurn(page.shortBurn)} ≥ ${page.factor.toFixed(2)}`
              : row.state === "quiet"
                ? `under ${detail.minRequestRate} req/s over the last hour: alerts stay quiet`
                : row.state === "no-data"
                  ? row.noDataSince !== null ? "the source sent nothing newer" : row.collected ? "no traffic in any window" : (row.noDataReason ?? "not collected yet")
                  : "no rule fires"}
          </div>
        </section>
        <section className="card" aria-label="Time to exhaustion">
          <div className="muted small">Budget gone in (at the 1 h burn)</div>
          <div className="stat" data-testid="slo-eta">{formatEta(row.exhaustionInMs, hasData)}</div>
          <DataAge iso={row.dataAsOf} label="computed from data as of" />
        </section>
      </div>

      <Suspense fallback={<div className="skeleton" style={{ height: 380, marginBottom: 14 }} aria-label="Loading charts" />}>
        <SloCharts id={id} range={rangeMs === null ? "" : (sp.range ?? "")} rangeMs={rangeMs} />
      </Suspense>

      <div className="grid cols-2" style={{ marginTop: 14 }}>
        <section className="card" aria-labelledby="burn-h">
          <h2 id="burn-h" style={{ marginTop: 0 }}>Burn rates</h2>
          <table className="table" data-testid="burn-rates">
            <thead><tr><th>Window</th>{BURN_WINDOWS.map((w) => <th key={w} style={{ textAlign: "right" }}>{w}</th>)}</tr></thead>
            <tbody><tr><td>burn</td>{BURN_WINDOWS.map((w) => <td key={w} className="mono" style={{ textAlign: "right" }}>{formatBurn(row.burnRates[w])}</td>)}</tr></tbody>
          </table>
          <div><DataAge iso={row.dataAsOf} /></div>
          <p className="muted small">1× spends exactly the whole budget over {formatWindow(row.windowMs)}. Request rate over the last hour: {row.requestRate === null ? "no data" : `${row.requestRate.toFixed(2)} req/s`}{detail.minRequestRate !== null ? ` (alerts quiet under ${detail.minRequestRate})` : ""}.</p>
        </section>
        <section className="card" aria-labelledby="rules-h">
          <h2 id="rules-h" style={{ marginTop: 0 }}>Multi-window alert rules</h2>
          <table className="table" data-testid="alert-rules">
            <thead><tr><th>Severity</th><th>Windows</th><th style={{ textAlign: "right" }}>Threshold</th><th style={{ textAlign: "right" }}>Long</th><th style={{ textAlign: "right" }}>Short</th><th>State</th></tr></thead>
            <tbody>
              {detail.conditions.map((c) => (
                <tr key={`${c.long}-${c.short}`}>
                  <td>{c.severity}</td>
                  <td className="mono">{c.long} and {c.short}</td>
                  <td className="mono" style={{ textAlign: "right" }}>{c.factor.toFixed(2)}×</td>
                  <td className="mono" style={{ textAlign: "right" }}>{formatBurn(c.longBurn)}</td>
                  <td className="mono" style={{ textAlign: "right" }}>{formatBurn(c.shortBurn)}</td>
                  <td>{c.firing ? <Badge tone={c.severity === "page" ? "bad" : "warn"}>firing</Badge> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">SRE workbook thresholds (14.4 / 6 / 3 / 1 for 30 d) scaled by window ÷ 30 d; both windows must reach them.</p>
        </section>
      </div>

      <section className="card" aria-labelledby="def-h" style={{ marginTop: 14 }}>
        <h2 id="def-h" style={{ marginTop: 0 }}>Definition</h2>
        <dl className="kv">
          <dt>Id</dt><dd className="mono">{row.slo}</dd>
          <dt>Description</dt><dd>{detail.description || "—"}</dd>
          {detail.query.good && <><dt>Good query</dt><dd className="mono small">{detail.query.good}</dd></>}
          {detail.query.error && <><dt>Error query</dt><dd className="mono small">{detail.query.error}</dd></>}
          <dt>Total query</dt><dd className="mono small">{detail.query.total}</dd>
          {row.notes.length > 0 && <><dt>Notes</dt><dd className="small">{row.notes.join("; ")}</dd></>}
        </dl>
      </section>
    </>
  );
}
