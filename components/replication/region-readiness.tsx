// STUB — owned by the replication/readiness work (issue 4): readiness of the services whose
// dormant (or active) side is in this region, for the region page.
export async function RegionReadiness({ regionId }: { regionId: string }) {
  void regionId;
  return null;
}
