import type { ApiOperation } from "@/lib/http/openapi";
import { anomaliesQuerySchema, costApiQuery, forecastQuerySchema, moversQuerySchema, rangeQuerySchema } from "./schemas";

/** /api/v1/costs: every GET answers JSON, or CSV with ?format=csv (an attachment). */
export const costOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/costs", summary: "Spend per period and group (region, service, team, system); from/to default to the 13 months through today", permission: "costs.read", query: costApiQuery },
  { method: "get", path: "/api/v1/costs/forecast", summary: "Forecast from tomorrow (3 months daily, 12 monthly) and the end-of-month figure", permission: "costs.read", query: forecastQuerySchema },
  { method: "get", path: "/api/v1/costs/anomalies", summary: "Cost anomalies with impact and root causes (default: the last 90 days)", permission: "costs.read", query: anomaliesQuerySchema },
  { method: "get", path: "/api/v1/costs/redundancy", summary: "Cost of redundancy: dormant spend per protected service, its share and trend", permission: "costs.read", query: rangeQuerySchema },
  { method: "get", path: "/api/v1/costs/movers", summary: "Top movers: month-to-date against the same days last month", permission: "costs.read", query: moversQuerySchema },
  { method: "post", path: "/api/v1/costs/refresh", summary: "Refetch cost data now (billed; audited; at most once a minute)", permission: "costs.refresh" },
];
