import { z } from "zod";
import type { ApiOperation } from "@/lib/http/openapi";
import { queryInt } from "@/lib/http/query-schemas";
import { RESOURCE_FILTERS } from "./queries";
import { applyChangeBody, cancelChangeBody, changeIdParams, changeLogQuery, listChangesQuery, overrideSloGateBody, planChangeBody, rejectChangeBody, reviewChangeBody } from "./schemas";

const P = "/api/v1/changes";
/** GET /api/v1/changes/{id}: the route validates with this same schema. */
export const changeDetailQuery = z.object({ page: queryInt(1).default(1), filter: z.enum(RESOURCE_FILTERS).default("all") });

export const changeOperations: ApiOperation[] = [
  { method: "get", path: P, summary: "Change requests, newest first", permission: "dashboard.read", query: listChangesQuery },
  { method: "post", path: P, summary: "Upload a saved plan from CI (multipart: plan, planJson, workspace, commitSha, prUrl; ≤ 50 MB; workspace-scoped token)", permission: "changes.request" },
  { method: "post", path: `${P}/plan`, summary: "Run terraform plan in a workspace and record it as a change request", permission: "changes.request", body: planChangeBody },
  { method: "get", path: `${P}/{id}`, summary: "A change: plan summary (resources paged), approvals, policy, lock", permission: "dashboard.read", params: changeIdParams, query: changeDetailQuery },
  { method: "post", path: `${P}/{id}/approve`, summary: "Approve the plan with this SHA-256", permission: "changes.approve", params: changeIdParams, body: reviewChangeBody },
  { method: "post", path: `${P}/{id}/reject`, summary: "Reject the plan with this SHA-256, with a comment", permission: "changes.approve", params: changeIdParams, body: rejectChangeBody },
  { method: "post", path: `${P}/{id}/override-slo-gate`, summary: "Incident commander: let this plan through the SLO gate, with a reason", permission: "changes.override-slo-gate", params: changeIdParams, body: overrideSloGateBody },
  { method: "post", path: `${P}/{id}/apply`, summary: "Apply the saved plan (202; once; policy must pass)", permission: "changes.apply", params: changeIdParams, body: applyChangeBody },
  { method: "post", path: `${P}/{id}/cancel`, summary: "Cancel a change before it is applied", permission: "changes.cancel", params: changeIdParams, body: cancelChangeBody },
  { method: "get", path: `${P}/{id}/log`, summary: "The apply log from an offset (poll until done)", permission: "dashboard.read", params: changeIdParams, query: changeLogQuery },
  { method: "post", path: `${P}/{id}/release-lock`, summary: "Release the workspace lock a killed apply left behind", permission: "changes.release-lock", params: changeIdParams },
];
