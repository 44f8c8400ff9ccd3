import Link from "next/link";
import type { RegionSummary } from "@/lib/regions/queries";
import { StatusBadge, Badge } from "@/components/ui/badge";
import { DataAge, NoDataSince } from "@/components/ui/data-age";

export function RegionTiles({ regions }: { regions: RegionSummary[] }) {
  return (
    <div className="grid cols-3">
      {regions.map((r) => (
        <Link key={r.id} href={`/regions/${r.id}`} className="card" style={{ color: "inherit" }} aria-label={`${r.id}: ${r.health}`}>
          <div className="card-head">
            <h2 style={{ margin: 0 }}>{r.id}</h2>
            <StatusBadge status={r.health} />
          </div>
          <div className="muted small">{r.name}</div>
          <div className="row" style={{ marginTop: 8 }}>
            <span>{r.services.active} active</span>·<span>{r.services.dormant} dormant</span>·<span>{r.clusters} clusters</span>·<span>{r.nodes} nodes</span>
          </div>
          <div className="small muted" style={{ marginTop: 6 }}>
            {r.unreachableSince !== null ? <NoDataSince iso={r.unreachableSince} /> : <>{r.stale && <Badge tone="warn">stale</Badge>} <DataAge iso={r.dataAsOf} /></>}
          </div>
        </Link>
      ))}
    </div>
  );
}
