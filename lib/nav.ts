import type { Permission } from "@/lib/auth/permissions";

/** Navigation as data: an item shows only to roles with its permission. */
export const NAV_ITEMS: ReadonlyArray<{ href: string; label: string; permission: Permission }> = [
  { href: "/", label: "Overview", permission: "dashboard.read" },
  { href: "/regions", label: "Regions", permission: "dashboard.read" },
  { href: "/deployments", label: "Deployments", permission: "dashboard.read" },
  { href: "/replication", label: "Replication", permission: "dashboard.read" },
  { href: "/costs", label: "Costs", permission: "costs.read" },
  { href: "/slos", label: "SLOs", permission: "dashboard.read" },
  { href: "/changes", label: "Changes", permission: "dashboard.read" },
  { href: "/failovers", label: "Failovers", permission: "dashboard.read" },
  { href: "/audit", label: "Audit", permission: "audit.read" },
  { href: "/settings", label: "Settings", permission: "settings.read" },
  { href: "/console", label: "Console", permission: "dashboard.read" },
];
