// STUB — owned by the replication/readiness work (issue 4), which replaces the bodies.
// The signatures are the contract other domains (costs, failovers, regions) build on.
import type { ReadinessReason, ReadinessVerdict } from "./types";

export type ServiceReadiness = {
  service: string;
  from: string;
  to: string;
  verdict: ReadinessVerdict;
  reasons: ReadinessReason[];
  /** Expected data loss if promoted now (current lag as seconds), null when unknown. */
  expectedDataLossSec: number | null;
  evaluatedAt: string;
};

/** Failover readiness per protected service and region pair. */
export async function listReadiness(): Promise<ServiceReadiness[]> {
  return [];
}

export async function getServiceReadiness(service: string): Promise<ServiceReadiness | null> {
  return (await listReadiness()).find((r) => r.service === service) ?? null;
}
