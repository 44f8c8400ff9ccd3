import { listReadinessRows } from "@/lib/replication/queries";
import { ReadinessTable } from "./readiness-table";

/** Failover readiness of the services with a side (active or dormant) in this region, for the region page. */
export async function RegionReadiness({ regionId }: { regionId: string }) {
  const { readiness } = await listReadinessRows();
  const rows = readiness.filter((r) => r.from === regionId || r.to === regionId);
  return (
    <section className="card" aria-labelledby={`readiness-${regionId}-h`}>
      <h2 id={`readiness-${regionId}-h`}>Failover readiness</h2>
      <ReadinessTable rows={rows} empty={`No protected service has a side in ${regionId}.`} />
    </section>
  );
}
