import { isRole, ROLES, type Role } from "./roles";

/** "sre=operator, sre-leads=approver" → Map(group → role). Unknown roles are ignored. */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of text.split(",")) {
    const [group, role] = pair.split("=").map((s) => s.trim());
    if (group && isRole(role)) map.set(group, role);
  }
  return map;
}

/** The most privileged mapped role wins; no mapped group means no access (fail closed). */
export function roleForGroups(groups: unknown, roleMap: Map<string, Role>): Role | null {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : typeof groups === "string" ? [groups] : [];
  let best: Role | null = null;
  for (const g of list) {
    const role = roleMap.get(g);
    if (role && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}
