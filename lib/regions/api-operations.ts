import type { ApiOperation } from "@/lib/http/openapi";
import { listRegionsQuery, regionParams } from "./schemas";

export const regionOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/regions", summary: "Every region: health, clusters, capacity, services by role, freshness", permission: "dashboard.read", query: listRegionsQuery },
  { method: "get", path: "/api/v1/regions/{id}", summary: "One region: clusters, node groups, capacity, services with role and health", permission: "dashboard.read", params: regionParams },
];
