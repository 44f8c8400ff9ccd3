import { describe, expect, it } from "vitest";
import { findRoleMapProblems, parseRoleMap, RoleMapError, roleForGroups } from "./oidc-roles";

describe("OIDC groups → roles", () => {
  const map = parseRoleMap("sre=operator, sre-leads=approver, ic=incident-commander, platform-admins=admin,");

  it("parses every pair, ignoring blank entries", () => {
    expect([...map.entries()]).toEqual([
      ["sre", "operator"],
      ["sre-leads", "approver"],
      ["ic", "incident-commander"],
      ["platform-admins", "admin"],
    ]);
  });

  it("refuses a mapping to a role that does not exist, naming the pair and the roles there are", () => {
    expect(findRoleMapProblems("sre=operator, bogus=root")).toEqual(['"bogus=root": unknown role "root" (roles: viewer, operator, approver, incident-commander, admin)']);
    expect(() => parseRoleMap("sre=operator, bogus=root")).toThrow(RoleMapError);
    expect(() => parseRoleMap("bogus=root")).toThrow(/OIDC_ROLE_MAP is invalid: "bogus=root": unknown role "root"/);
  });

  it("refuses pairs that are not group=role", () => {
    expect(findRoleMapProblems("sre, =admin, ops=")).toEqual(['"sre" is not group=role', '"=admin" is not group=role', '"ops=" is not group=role']);
    expect(findRoleMapProblems("")).toEqual([]);
  });

  it("takes the most privileged mapped role", () => {
    expect(roleForGroups(["sre", "sre-leads"], map)).toBe("approver");
    expect(roleForGroups(["platform-admins", "sre"], map)).toBe("admin");
  });

  it("denies a user with no mapped group, and tolerates a single-string claim", () => {
    expect(roleForGroups(["marketing"], map)).toBeNull();
    expect(roleForGroups(undefined, map)).toBeNull();
    expect(roleForGroups("sre", map)).toBe("operator");
  });
});
