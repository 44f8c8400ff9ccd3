import type { ApiOperation } from "@/lib/http/openapi";
import { timelineQuery } from "@/lib/timeline/schemas";
import { abortFailoverBody, approveFailoverBody, executeFailoverBody, failoverIdParams, listFailoversQuery, preflightQuery, requestFailoverBody, rollBackFailoverBody } from "./schemas";

const P = "/api/v1/failovers";

export const failoverOperations: ApiOperation[] = [
  { method: "get", path: P, summary: "Failover and drill runs, newest first", permission: "dashboard.read", query: listFailoversQuery },
  { method: "post", path: P, summary: "Request a failover or drill (201): stores the preflight; a not-ready verdict needs precheckOverride with a reason", permission: "failovers.request", body: requestFailoverBody },
  { method: "get", path: `${P}/preflight`, summary: "The preflight for a service and target: readiness, expected data loss, versions, steps", permission: "dashboard.read", query: preflightQuery },
  { method: "get", path: `${P}/drills`, summary: "Drill ledger per runbook: last drill, measured RTO/RPO against target, overdue drills", permission: "dashboard.read" },
  { method: "get", path: `${P}/{id}`, summary: "A run with its preflight, approvals, policy, steps (with logs) and rollback records", permission: "dashboard.read", params: failoverIdParams },
  { method: "post", path: `${P}/{id}/approve`, summary: "Approve, bound to the runbook version and target seen (never the requester: 403)", permission: "failovers.approve", params: failoverIdParams, body: approveFailoverBody },
  { method: "post", path: `${P}/{id}/execute`, summary: "Start the run (202; once). 409 without approval unless break-glass (incident commander, reason required: 400)", permission: "failovers.execute", params: failoverIdParams, body: executeFailoverBody },
  { method: "post", path: `${P}/{id}/abort`, summary: "Abort: close a run not started, or stop a running one (completed steps are rolled back)", permission: "failovers.abort", params: failoverIdParams, body: abortFailoverBody },
  { method: "post", path: `${P}/{id}/rollback`, summary: "Roll back the completed steps of a run whose runner died (interrupted); runs as a job", permission: "failovers.execute", params: failoverIdParams, body: rollBackFailoverBody },
  { method: "get", path: "/api/v1/timeline", summary: "What changed between from and to (deployments, applies, failovers, scenario changes) with SLO burn; span ≤ 7 days", permission: "dashboard.read", query: timelineQuery },
];
