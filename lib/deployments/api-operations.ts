import type { ApiOperation } from "@/lib/http/openapi";
import { deploymentMatrixQuery, serviceHistoryQuery, serviceParams } from "./schemas";

export const deploymentOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/deployments", summary: "The version matrix (services × regions) with drift, filtered and paged", permission: "dashboard.read", query: deploymentMatrixQuery },
  { method: "get", path: "/api/v1/deployments/{service}/history", summary: "Which version ran when, per region, and when drift began", permission: "dashboard.read", params: serviceParams, query: serviceHistoryQuery },
];
