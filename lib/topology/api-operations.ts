import type { ApiOperation } from "@/lib/http/openapi";
import { recordTopologyBody, topologyServiceParams } from "./schemas";

export const topologyOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/topology", summary: "Roles now with since when and why, recent role changes, and where the evidence (Route 53, Aurora, the demo fleet) disagrees with the record", permission: "dashboard.read" },
  { method: "get", path: "/api/v1/topology/{service}", summary: "One service's recorded roles over time", permission: "dashboard.read", params: topologyServiceParams },
  { method: "post", path: "/api/v1/topology/changes", summary: "Record where services are active (201): a failover done outside Meridian (manual, with a reason) or what the evidence shows (detected); admins only, audited", permission: "topology.record", body: recordTopologyBody },
];
