export const ROLES = ["viewer", "operator", "approver", "incident-commander", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  approver: "Approver",
  "incident-commander": "Incident commander",
  admin: "Admin",
};
