import type { ApiOperation } from "@/lib/http/openapi";
import { linkParams, linkSeriesQuery, readinessQuery } from "./schemas";

export const replicationOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/replication", summary: "Every replication link: lag, time equivalent, RPO, state, recent samples", permission: "dashboard.read" },
  { method: "get", path: "/api/v1/replication/{link}", summary: "One link with its lag series over a range (1h, 6h, 24h, 7d)", permission: "dashboard.read", params: linkParams, query: linkSeriesQuery },
  { method: "get", path: "/api/v1/readiness", summary: "Failover readiness per protected service and region pair, with reasons", permission: "dashboard.read", query: readinessQuery },
];
