import { isRole, type Role } from "./roles";

export const PERMISSIONS = [
  "dashboard.read", // inventory, versions, replication, SLOs, changes, failovers
  "costs.read",
  "audit.read",
  "audit.verify",
  "settings.read",
  "settings.write",
  "scenarios.write",
  "users.manage",
  "tokens.manage", // one's own personal API tokens
  "collector.refresh",
  "costs.refresh",
  "changes.request",
  "changes.approve",
  "changes.apply",
  "changes.cancel",
  "changes.override-slo-gate",
  "changes.release-lock",
  "failovers.request",
  "failovers.approve",
  "failovers.execute",
  "failovers.break-glass",
  "failovers.abort",
  "console.takeover", // make a standby console the primary (its region's replica promoted)
  "topology.record", // record where services are active (a failover done outside Meridian, or what the evidence shows)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["dashboard.read", "costs.read", "audit.read", "tokens.manage"];

/** The whole authorization model. Anything not listed is denied. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: READ,
  operator: [...READ, "changes.request", "changes.apply", "changes.cancel", "changes.release-lock", "failovers.request", "failovers.execute", "failovers.abort"],
  approver: [...READ, "changes.approve", "failovers.approve"],
  "incident-commander": [
    ...READ,
    "changes.approve",
    "changes.override-slo-gate",
    "failovers.request",
    "failovers.approve",
    "failovers.execute",
    "failovers.break-glass",
    "failovers.abort",
    "console.takeover",
  ],
  admin: [...READ, "audit.verify", "settings.read", "settings.write", "scenarios.write", "users.manage", "collector.refresh", "costs.refresh", "topology.record", "console.takeover"],
};

/** Fails closed: an unknown role or permission is never allowed. */
export function can(role: unknown, permission: Permission): boolean {
  if (!isRole(role)) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}
