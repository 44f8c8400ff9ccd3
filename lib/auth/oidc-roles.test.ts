import { describe, expect, it } from "vitest";
import { parseRoleMap, roleForGroups } from "./oidc-roles";

describe("OIDC groups → roles", () => {
  const map = parseRoleMap("sre=operator, sre-leads=approver, ic=incident-commander, bogus=root, platform-admins=admin");

  it("ignores mappings to roles that do not exist", () => {
    expect(map.has("bogus")).toBe(false);
    expect(map.size).toBe(4);
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
