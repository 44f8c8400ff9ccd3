import type { RegionDetail } from "@/lib/regions/queries";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { TimeAgo } from "@/components/ui/time-ago";
import { CapacityBar } from "./capacity-bar";

/** A region's clusters: status (and since when unreachable), node groups, capacity and data age. */
export function ClustersTable({ clusters }: { clusters: RegionDetail["clusters"] }) {
  return (
    <section className="card table-wrap gap-below">
      <h2>Clusters</h2>
      <table className="table" data-testid="clusters-table">
        <thead><tr><th>Cluster</th><th>Status</th><th>Kubernetes</th><th>Node groups (ready / desired, min–max)</th><th>Nodes</th><th>Capacity</th><th>Data</th></tr></thead>
        <tbody>
          {clusters.length === 0 && <tr><td colSpan={7} className="muted">No clusters configured or reported in this region.</td></tr>}
          {clusters.map((c) => (
            <tr key={c.id} data-testid={`cluster-${c.id}`}>
              <td><span className="mono">{c.id}</span><div className="small muted">{c.kind}</div></td>
              <td>
                <StatusBadge status={c.status} />
                {c.status === "unreachable" && (
                  <div className="small text-bad">
                    {c.unreachableSince ? <>unreachable since <TimeAgo iso={c.unreachableSince} />; showing last-known data</> : c.fetchedAt ? "unreachable" : "never reached"}
                    {c.error && <div className="muted">{c.error}</div>}
                  </div>
                )}
              </td>
              <td className="mono">{c.version}</td>
              <td className="small">
                {c.nodeGroups.length === 0 ? <span className="muted">—</span> : c.nodeGroups.map((g) => (
                  <div key={g.name}><span className="mono">{g.name}</span> {g.instanceType}: {g.ready}/{g.desired} ({g.min}–{g.max}){g.ready < g.desired && <> <Badge tone="warn">not all ready</Badge></>}</div>
                ))}
              </td>
              <td className="num">{c.nodes}</td>
              <td className="capacity-cell">
                <CapacityBar label="CPU" requested={c.requested.cpu} allocatable={c.allocatable.cpu} unit="cores" known={c.capacityKnown !== false} />
                <CapacityBar label="Memory" requested={c.requested.memoryGiB} allocatable={c.allocatable.memoryGiB} unit="GiB" known={c.capacityKnown !== false} />
              </td>
              <td className="small">{c.fetchedAt ? <DataAge iso={c.fetchedAt} label="read" /> : <span className="muted">never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
