import type { ApiOperation } from "@/lib/http/openapi";
import { recordingRulesQuery, listSlosQuery, sloIdParams, sloSeriesQuery } from "./schemas";

export const sloOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/slos", summary: "SLO compliance table (filtered) and leadership summary", permission: "dashboard.read", query: listSlosQuery },
  { method: "get", path: "/api/v1/slos/recording-rules", summary: "Prometheus recording rules for every SLO (YAML for rule_files); collection reads the recorded series when present", permission: "dashboard.read", query: recordingRulesQuery },
  { method: "get", path: "/api/v1/slos/{id}", summary: "One SLO: SLI, budget, burn rates over 7 windows, alert rules, time to exhaustion", permission: "dashboard.read", params: sloIdParams },
  { method: "get", path: "/api/v1/slos/{id}/series", summary: "SLI and budget burndown over a range, with deployments", permission: "dashboard.read", params: sloIdParams, query: sloSeriesQuery },
];
