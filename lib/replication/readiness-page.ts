import { pageOf } from "@/lib/paging";
import { VERDICT_ORDER } from "./types";
import type { ReadinessQuery } from "./schemas";
import type { ReadinessVerdict } from "./types";

/** What paging needs of a readiness row (queries.ts's ReadinessRow has these and more). */
export type PageableReadinessRow = { service: string; serviceName: string; from: string; to: string; verdict: ReadinessVerdict };

export type ReadinessPage<R extends PageableReadinessRow = PageableReadinessRow> = { readiness: R[]; total: number; counts: Record<ReadinessVerdict, number>; page: number; pages: number; pageSize: number };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The worst first, then by service and pair: what an incident commander reads top-down. */
export function byUrgency(a: PageableReadinessRow, b: PageableReadinessRow): number {
  return VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || cmp(a.service, b.service) || cmp(a.from, b.from) || cmp(a.to, b.to);
}

// The read model hands every request the same array until it changes: sort it once, not per viewer.
const sortedOnce = new WeakMap<PageableReadinessRow[], PageableReadinessRow[]>();
function sorted<R extends PageableReadinessRow>(rows: R[]): R[] {
  let out = sortedOnce.get(rows) as R[] | undefined;
  if (!out) sortedOnce.set(rows, (out = [...rows].sort(byUrgency)));
  return out;
}

/** Filters (service, region on either side, search), counts per verdict, then one page of the verdict asked for. */
export function pageReadiness<R extends PageableReadinessRow>(rows: R[], query: ReadinessQuery): ReadinessPage<R> {
  const q = query.q?.trim().toLowerCase();
  const scoped = sorted(rows).filter(
    (r) => (!query.service || r.service === query.service) && (!query.region || r.from === query.region || r.to === query.region) && (!q || r.service.toLowerCase().includes(q) || r.serviceName.toLowerCase().includes(q)),
  );
  const counts: Record<ReadinessVerdict, number> = { "not-ready": 0, unknown: 0, "at-risk": 0, ready: 0 };
  for (const r of scoped) counts[r.verdict]++;
  const matching = query.verdict ? scoped.filter((r) => r.verdict === query.verdict) : scoped;
  const { rows: readiness, ...paging } = pageOf(matching, query.page, query.pageSize);
  return { readiness, counts, ...paging };
}
