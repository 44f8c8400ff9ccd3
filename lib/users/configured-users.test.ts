import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "@/lib/auth/demo-users";
import { mergeConfiguredUsers } from "./configured-users";
import type { UserDto } from "./queries";

const row = (username: string, provider = "demo"): UserDto => ({ id: `id-${username}`, username, displayName: username, role: "viewer", provider, disabled: false, lastSignInAt: "2026-11-29T06:00:00.000Z" });

describe("users Settings lists", () => {
  it("lists every demo sign-in before its first use, and a signed-in one once, from the database", () => {
    const users = mergeConfiguredUsers([row("admin"), row("dana", "oidc")], DEMO_USERS);
    expect(users.map((u) => u.username)).toEqual(["admin", "approver", "approver2", "commander", "dana", "operator", "operator2", "viewer"]);
    expect(users.find((u) => u.username === "admin")).toMatchObject({ id: "id-admin", inDatabase: true });
    expect(users.find((u) => u.username === "viewer")).toMatchObject({ inDatabase: false, lastSignInAt: null, role: "viewer" });
  });

  it("adds nobody when the demo provider is off", () => {
    expect(mergeConfiguredUsers([row("dana", "oidc")], [])).toHaveLength(1);
  });
});
