import { isRole, ROLES, type Role } from "./roles";

/** OIDC_ROLE_MAP names a role Meridian does not have, or a pair is malformed. */
export class RoleMapError extends Error {
  constructor(readonly problems: string[]) {
    super(`OIDC_ROLE_MAP is invalid: ${problems.join("; ")}`);
    this.name = "RoleMapError";
  }
}

function pairsOf(text: string): string[] {
  // Blank entries (a trailing comma, spaces) are harmless; everything else must be group=role.
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Every problem in an OIDC_ROLE_MAP value, one line each. A mapping to a role that does not exist
 * would otherwise be dropped and leave that group's people locked out without a word.
 */
export function findRoleMapProblems(text: string): string[] {
  const problems: string[] = [];
  for (const pair of pairsOf(text)) {
    const eq = pair.indexOf("=");
    const group = eq < 0 ? "" : pair.slice(0, eq).trim();
    const role = eq < 0 ? "" : pair.slice(eq + 1).trim();
    if (eq < 0 || !group || !role) problems.push(`"${pair}" is not group=role`);
    else if (!isRole(role)) problems.push(`"${pair}": unknown role "${role}" (roles: ${ROLES.join(", ")})`);
  }
  return problems;
}

/** "sre=operator, sre-leads=approver" → Map(group → role). Throws RoleMapError on an unknown role or a malformed pair. */
export function parseRoleMap(text: string): Map<string, Role> {
  const problems = findRoleMapProblems(text);
  if (problems.length > 0) throw new RoleMapError(problems);
  const map = new Map<string, Role>();
  for (const pair of pairsOf(text)) {
    const eq = pair.indexOf("=");
    map.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim() as Role);
  }
  return map;
}

/** The groups a claim carries: a list of strings, or one string; anything else is none. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string");
  return typeof claim === "string" ? [claim] : [];
}

/** The most privileged mapped role wins; no mapped group means no access (fail closed). */
export function roleForGroups(groups: unknown, roleMap: Map<string, Role>): Role | null {
  let best: Role | null = null;
  for (const g of groupsOf(groups)) {
    const role = roleMap.get(g);
    if (role && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}
