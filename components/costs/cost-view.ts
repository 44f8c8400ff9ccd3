import type { CostReader } from "@/lib/costs/cost-reader";
import { resolveRange } from "@/lib/costs/queries";
import { costApiQuery } from "@/lib/costs/schemas";
import type { CostView } from "./cost-pickers";

type Search = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The URL's view of the costs, or the default with the reason the URL's was refused. */
export function readCostView(sp: Search, reader: CostReader): { view: CostView; problem: string | null } {
  const parsed = costApiQuery.safeParse({ from: first(sp.from), to: first(sp.to), granularity: first(sp.granularity), metric: first(sp.metric), groupBy: first(sp.groupBy) });
  const fallback = { ...resolveRange(reader), granularity: "monthly" as const, metric: "unblended" as const, groupBy: "region" as const };
  if (!parsed.success) return { view: fallback, problem: parsed.error.issues.map((i) => i.message).join("; ") };
  try {
    const { format: _format, ...q } = parsed.data;
    return { view: { ...q, ...resolveRange(reader, q.from, q.to) }, problem: null };
  } catch (error) {
    return { view: fallback, problem: error instanceof Error ? error.message : String(error) };
  }
}
