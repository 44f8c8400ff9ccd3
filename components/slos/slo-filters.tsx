import Link from "next/link";
import type { ListSlosQuery } from "@/lib/slos/schemas";

const STATES = ["page", "ticket", "ok", "quiet", "no-data"] as const;

/** A plain GET form: the filters live in the URL, work without JavaScript and can be shared. */
export function SloFilters({ query, systems, regions }: { query: ListSlosQuery; systems: Array<{ id: string; name: string }>; regions: string[] }) {
  return (
    <form className="card row no-print" method="get" aria-label="Filter SLOs" style={{ marginBottom: 14, alignItems: "flex-end" }}>
      <label>System
        <select name="system" defaultValue={query.system ?? ""}>
          <option value="">any</option>
          {systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </label>
      <label>Region
        <select name="region" defaultValue={query.region ?? ""}>
          <option value="">any</option>
          {regions.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </label>
      <label>Burn state
        <select name="state" defaultValue={query.state ?? ""}>
          <option value="">any</option>
          {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>Search<input name="q" defaultValue={query.q ?? ""} placeholder="service or SLO" /></label>
      <button className="btn primary" type="submit">Filter</button>
      <Link className="btn" href="/slos">Clear</Link>
    </form>
  );
}
