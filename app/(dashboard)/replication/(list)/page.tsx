import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { listLinks } from "@/lib/replication/queries";
import { readReadinessPage } from "@/lib/read-models/queries";
import { readinessQuery } from "@/lib/replication/schemas";
import { ReadinessFilters } from "@/components/replication/readiness-filters";
import { Pager, type Params } from "@/components/ui/pager";
import { LinksTable } from "@/components/replication/links-table";
import { ReadinessTable } from "@/components/replication/readiness-table";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { getDataVersion } from "@/lib/live/data-version";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/shell/page-loading";

export const metadata: Metadata = { title: "Replication" };
export const dynamic = "force-dynamic";

async function LinksPanel() {
  const { links, freshness } = await listLinks();
  return (
    <section className="card" aria-labelledby="links-h">
      <h2 id="links-h">Replication links</h2>
      <FreshnessNotice freshness={freshness} />
      <LinksTable links={links} />
    </section>
  );
}

async function ReadinessPanel({ params }: { params: Params }) {
  // A bad or hostile query string shows the first page of everything rather than an error page.
  const parsed = readinessQuery.safeParse(params);
  const query = parsed.success ? parsed.data : readinessQuery.parse({});
  const page = await readReadinessPage(query);
  const pairs = Object.values(page.counts).reduce((a, b) => a + b, 0);
  const kept: Params = { verdict: query.verdict, q: query.q, region: query.region };
  return (
    <section className="card" aria-labelledby="readiness-h" data-testid="readiness">
      <h2 id="readiness-h">Failover readiness</h2>
      <p className="muted small">
        Per protected service and region pair, from replication lag against RPO, target region health, capacity headroom, version parity, last backup and last drill. Worst first.
      </p>
      <ReadinessFilters params={kept} counts={page.counts} verdict={query.verdict} q={query.q} />
      <ReadinessTable rows={page.readiness} empty={pairs > 0 || query.q ? "No pair matches these filters." : undefined} />
      <Pager path="/replication" params={kept} page={page.page} pages={page.pages} />
    </section>
  );
}

export default async function ReplicationPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePage("dashboard.read", "/replication");
  // Read before anything the page shows: its live poll starts from this version (lib/live/data-version.ts).
  const live = await getDataVersion();
  const params = await searchParams;
  return (
    <>
      <PageHeader title="Replication" subtitle="Can the dormant region take over right now, and what would we lose?" />
      <LiveRefresh version={live.version} />
      <div className="grid">
        <Suspense fallback={<Skeleton size="chart" label="replication links" />}>
          <LinksPanel />
        </Suspense>
        <Suspense fallback={<Skeleton size="tall" label="failover readiness" />}>
          <ReadinessPanel params={params} />
        </Suspense>
      </div>
    </>
  );
}
