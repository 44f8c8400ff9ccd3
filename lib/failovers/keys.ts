// react-query keys for the failovers domain: one factory, shared by every component that reads or
// invalidates these queries.
export const failoverKeys = {
  preflight: (service: string, to: string, mode = "failover", drillKind = "") => ["failovers", "preflight", service, to, mode, drillKind] as const,
  run: (id: string) => ["failovers", "run", id] as const,
};
