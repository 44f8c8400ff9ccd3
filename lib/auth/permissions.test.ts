import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS } from "./permissions";
import { ROLES } from "./roles";

describe("permission table", () => {
  it("lets every role read dashboards and costs (leadership reads everything)", () => {
    for (const role of ROLES) {
      expect(can(role, "dashboard.read")).toBe(true);
      expect(can(role, "costs.read")).toBe(true);
    }
  });

  it("keeps settings for admins only: the viewer gets 403 on settings", () => {
    expect(ROLES.filter((r) => can(r, "settings.read"))).toEqual(["admin"]);
    expect(can("viewer", "settings.read")).toBe(false);
  });

  it("separates requesting from approving", () => {
    expect(can("operator", "changes.request")).toBe(true);
    expect(can("operator", "changes.approve")).toBe(false);
    expect(can("approver", "changes.approve")).toBe(true);
    expect(can("approver", "changes.request")).toBe(false);
    expect(can("viewer", "changes.approve")).toBe(false);
  });

  it("gives break-glass and the SLO-gate override only to incident commanders", () => {
    expect(ROLES.filter((r) => can(r, "failovers.break-glass"))).toEqual(["incident-commander"]);
    expect(ROLES.filter((r) => can(r, "changes.override-slo-gate"))).toEqual(["incident-commander"]);
  });

  it("fails closed for unknown roles and unlisted permissions", () => {
    expect(can("root", "dashboard.read")).toBe(false);
    expect(can(undefined, "dashboard.read")).toBe(false);
    expect(can("viewer", "not.a.permission" as never)).toBe(false);
  });

  it("only grants permissions that exist", () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toContain(p);
  });
});
