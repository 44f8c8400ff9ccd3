import Link from "next/link";
import type { ReadinessVerdict } from "@/lib/replication/types";
import { StatusBadge } from "@/components/ui/badge";
import { hrefWith, type Params } from "@/components/ui/pager";

const ORDER: ReadinessVerdict[] = ["not-ready", "unknown", "at-risk", "ready"];

/** Counts per verdict as filter links (worst first), and a service search: a GET form, no JavaScript needed. */
export function ReadinessFilters({ params, counts, verdict, q }: { params: Params; counts: Record<ReadinessVerdict, number>; verdict?: ReadinessVerdict; q?: string }) {
  const all = ORDER.reduce((n, v) => n + counts[v], 0);
  return (
    <div className="row" style={{ flexWrap: "wrap", gap: 8, margin: "8px 0" }} data-testid="readiness-counts">
      <Link href={hrefWith("/replication", params, { verdict: undefined, page: undefined })} aria-current={!verdict ? "true" : undefined} className="small">
        all {all.toLocaleString("en-US")}
      </Link>
      {ORDER.filter((v) => counts[v] > 0).map((v) => (
        <Link key={v} href={hrefWith("/replication", params, { verdict: v, page: undefined })} aria-current={verdict === v ? "true" : undefined} className="small" data-testid={`readiness-count-${v}`}>
          <StatusBadge status={v} /> {counts[v].toLocaleString("en-US")}
        </Link>
      ))}
      <form method="get" action="/replication" role="search" className="row" style={{ gap: 6 }}>
        {verdict && <input type="hidden" name="verdict" value={verdict} />}
        <input type="search" name="q" defaultValue={q ?? ""} placeholder="Search services" aria-label="Search services" maxLength={200} />
        <button className="btn" type="submit">Search</button>
      </form>
    </div>
  );
}
