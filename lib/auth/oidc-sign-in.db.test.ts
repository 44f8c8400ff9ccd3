import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { toOidcIdentity, type OidcUser } from "./oidc-provider";
import { parseRoleMap } from "./oidc-roles";
import { completeOidcSignIn } from "./oidc-sign-in";
import { demoSubject, saveSignInUser } from "./sign-in-user";

const map = parseRoleMap("sre=operator,platform=admin");
const ISS = "https://idp.example";

function oidcUser(claims: Record<string, unknown>): OidcUser {
  const oidc = toOidcIdentity({ iss: ISS, ...claims, __meridian_groups_from: claims.groups ? "id-token" : "none" }, "groups", map);
  return { id: oidc.subject, name: oidc.displayName, email: oidc.email, oidc };
}

describe("OIDC sign-in against PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());

  it("keys the person by issuer + sub: a changed username and email update the same row", async () => {
    const first = oidcUser({ sub: "u-1", preferred_username: "dana", email: "dana@example.com", groups: ["sre"] });
    expect(await completeOidcSignIn(first)).toBe(true);
    const row = await database.db.user.findUniqueOrThrow({ where: { id: first.id } });
    expect(row).toMatchObject({ subject: `${ISS}|u-1`, username: "dana", email: "dana@example.com", role: "operator", provider: "oidc" });

    const renamed = oidcUser({ sub: "u-1", preferred_username: "dana.scully", email: "dscully@example.com", groups: ["platform"] });
    expect(await completeOidcSignIn(renamed)).toBe(true);
    expect(renamed.id).toBe(first.id);
    expect(await database.db.user.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ username: "dana.scully", email: "dscully@example.com", role: "admin" });
    expect(await database.db.user.count({ where: { provider: "oidc" } })).toBe(1);
  });

  it("never merges two people who send the same preferred_username: the second gets a stable suffix", async () => {
    const a = oidcUser({ sub: "u-2", preferred_username: "sam", groups: ["sre"] });
    const b = oidcUser({ sub: "u-3", preferred_username: "sam", groups: ["sre"] });
    expect(await completeOidcSignIn(a)).toBe(true);
    expect(await completeOidcSignIn(b)).toBe(true);
    expect(a.id).not.toBe(b.id);
    const rowB = await database.db.user.findUniqueOrThrow({ where: { id: b.id } });
    expect(rowB.username).toMatch(/^sam~[0-9a-f]{6}$/);
    // Same person again: same label, same row.
    const b2 = oidcUser({ sub: "u-3", preferred_username: "sam", groups: ["sre"] });
    await completeOidcSignIn(b2);
    expect(b2.id).toBe(b.id);
    expect((await database.db.user.findUniqueOrThrow({ where: { id: b.id } })).username).toBe(rowB.username);
  });

  it("an OIDC user named like a demo user never becomes the demo user's row (nor the reverse)", async () => {
    const oidcAdmin = oidcUser({ sub: "u-4", preferred_username: "admin", groups: ["sre"] });
    await completeOidcSignIn(oidcAdmin);
    const demo = await saveSignInUser({ subject: demoSubject("admin"), provider: "demo", username: "admin", displayName: "Ada Admin", email: null, role: "admin" });
    expect(demo.id).not.toBe(oidcAdmin.id);
    expect(demo.username).toMatch(/^admin~/);
    expect((await database.db.user.findUniqueOrThrow({ where: { id: oidcAdmin.id } })).role).toBe("operator");
  });

  it("links a row made before subjects existed only when name and email match", async () => {
    const legacy = await database.db.user.create({ data: { username: "lee", displayName: "Lee", email: "lee@example.com", role: "viewer", provider: "oidc" } });
    const impostor = oidcUser({ sub: "u-5", preferred_username: "lee", email: "mallory@example.com", groups: ["sre"] });
    await completeOidcSignIn(impostor);
    expect(impostor.id).not.toBe(legacy.id);
    const lee = oidcUser({ sub: "u-6", preferred_username: "lee", email: "lee@example.com", groups: ["sre"] });
    await completeOidcSignIn(lee);
    expect(lee.id).toBe(legacy.id);
    expect(await database.db.user.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({ subject: `${ISS}|u-6`, role: "operator" });

    // A demo user's old row (keyed by name only) is theirs: same provider, same name.
    const oldDemo = await database.db.user.create({ data: { username: "operator", displayName: "Omar Operator", role: "operator", provider: "demo" } });
    const demo = await saveSignInUser({ subject: demoSubject("operator"), provider: "demo", username: "operator", displayName: "Omar Operator", email: null, role: "operator" });
    expect(demo).toMatchObject({ id: oldDemo.id, subject: "demo|operator", username: "operator" });
  });

  it("refuses groups that map to no role, and a provider that sent none, with an audit row each and no user row", async () => {
    const before = await database.db.user.count();
    expect(await completeOidcSignIn(oidcUser({ sub: "u-7", preferred_username: "mo", groups: ["marketing"] }))).toBe("/sign-in?error=oidc-no-role");
    expect(await completeOidcSignIn(oidcUser({ sub: "u-8", preferred_username: "nik" }))).toBe("/sign-in?error=oidc-no-groups");
    expect(await database.db.user.count()).toBe(before);
    const rows = await database.db.auditEvent.findMany({ where: { action: "auth.sign-in", outcome: "denied" }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.actorName, r.reason])).toEqual([
      ["mo", "your groups map to no Meridian role (groups: marketing)"],
      ["nik", 'the provider sent no groups (no "groups" claim in the ID token or userinfo)'],
    ]);
    expect(rows[0].details).toMatchObject({ provider: "oidc", subject: `${ISS}|u-7`, groups: ["marketing"], groupsFrom: "id-token" });
  });

  it("refuses a disabled user and audits it", async () => {
    const u = oidcUser({ sub: "u-9", preferred_username: "dis", groups: ["sre"] });
    await completeOidcSignIn(u);
    await database.db.user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await completeOidcSignIn(oidcUser({ sub: "u-9", preferred_username: "dis", groups: ["sre"] }))).toBe("/sign-in?error=disabled");
    expect(await database.db.auditEvent.findFirst({ where: { actorId: u.id, outcome: "denied" } })).toMatchObject({ reason: "user is disabled" });
  });

  it("two first sign-ins of one person at once make one row", async () => {
    const users = [1, 2, 3].map(() => oidcUser({ sub: "u-10", preferred_username: "par", groups: ["sre"] }));
    await Promise.all(users.map((u) => completeOidcSignIn(u)));
    expect(new Set(users.map((u) => u.id)).size).toBe(1);
  });
});
