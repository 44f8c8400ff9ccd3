import { listAuditQuery } from "@/lib/audit/schemas";
import { createTokenBody, tokenIdParams } from "@/lib/auth/tokens";
import type { ApiOperation } from "./openapi";

/**
 * The platform's operations; each domain adds its own list in lib/<domain>/api-operations.ts, and
 * lib/http/all-operations.ts (a composition root) gathers them, so lib/http knows no domain.
 */
export const coreOperations: ApiOperation[] = [
  { method: "get", path: "/api/health", summary: "Database and collector health (503 when unhealthy)", permission: "public" },
  { method: "get", path: "/api/metrics", summary: "Prometheus metrics of the console itself", permission: "public" },
  { method: "get", path: "/api/v1/me", summary: "The caller and their permissions", permission: "dashboard.read" },
  { method: "get", path: "/api/v1/audit", summary: "Audit events, newest first", permission: "audit.read", query: listAuditQuery },
  { method: "post", path: "/api/v1/audit/verify", summary: "Verify the audit hash chain", permission: "audit.verify" },
  { method: "get", path: "/api/v1/tokens", summary: "The caller's personal API tokens", permission: "tokens.manage" },
  { method: "post", path: "/api/v1/tokens", summary: "Create a personal API token (secret shown once)", permission: "tokens.manage", body: createTokenBody },
  { method: "delete", path: "/api/v1/tokens/{id}", summary: "Revoke a personal API token", permission: "tokens.manage", params: tokenIdParams },
  { method: "get", path: "/api/v1/sources", summary: "Every source: last success, last error, staleness", permission: "dashboard.read" },
  { method: "post", path: "/api/v1/collector/refresh", summary: "Collect every source now", permission: "collector.refresh" },
  { method: "get", path: "/api/v1/config", summary: "Effective configuration, secrets redacted", permission: "settings.read" },
];
