import { describe, expect, it } from "vitest";
import { readOidcClaims, toOidcIdentity } from "./oidc-provider";
import { parseRoleMap } from "./oidc-roles";

const map = parseRoleMap("sre=operator,platform=admin");
const idToken = { iss: "https://idp.example", sub: "u-1", preferred_username: "Dana", email: "Dana@Example.com", name: "Dana Scully" };
const tokens = (claims: Record<string, unknown>) => ({ claims: () => claims });
const client = (answer: Record<string, unknown> | Error) => {
  const calls: unknown[] = [];
  return {
    calls,
    async userinfo(t: never) {
      calls.push(t);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
};

describe("reading the groups claim", () => {
  it("takes groups from the ID token without asking userinfo", async () => {
    const c = client({});
    const claims = await readOidcClaims(tokens({ ...idToken, groups: ["sre"] }), c, "groups");
    expect(c.calls).toHaveLength(0);
    expect(toOidcIdentity(claims, "groups", map)).toMatchObject({ groups: ["sre"], groupsFrom: "id-token", role: "operator", refusal: null });
  });

  it("asks userinfo when the ID token has no groups, and keeps the ID token's identity", async () => {
    const c = client({ sub: "u-1", groups: ["platform", "sre"], email: "other@example.com" });
    const claims = await readOidcClaims(tokens(idToken), c, "groups");
    expect(c.calls).toHaveLength(1);
    expect(toOidcIdentity(claims, "groups", map)).toMatchObject({
      subject: "https://idp.example|u-1",
      username: "Dana",
      email: "dana@example.com",
      displayName: "Dana Scully",
      groups: ["platform", "sre"],
      groupsFrom: "userinfo",
      role: "admin",
      refusal: null,
    });
  });

  it("honours a custom claim name", async () => {
    const claims = await readOidcClaims(tokens(idToken), client({ roles: "sre" }), "roles");
    expect(toOidcIdentity(claims, "roles", map)).toMatchObject({ groups: ["sre"], groupsFrom: "userinfo", role: "operator" });
  });
});

describe("refusals say why", () => {
  it("no groups anywhere: the provider sent no groups", async () => {
    const claims = await readOidcClaims(tokens(idToken), client({ sub: "u-1" }), "groups");
    expect(toOidcIdentity(claims, "groups", map)).toMatchObject({
      groupsFrom: "none",
      role: null,
      refusal: { code: "oidc-no-groups", reason: 'the provider sent no groups (no "groups" claim in the ID token or userinfo)' },
    });
  });

  it("a failing userinfo call is the reason, not a crash", async () => {
    const claims = await readOidcClaims(tokens(idToken), client(new Error("userinfo sub mismatch, expected u-1, got: u-2")), "groups");
    expect(toOidcIdentity(claims, "groups", map).refusal).toEqual({
      code: "oidc-no-groups",
      reason: 'the provider sent no groups (the ID token has no "groups" claim and userinfo failed: userinfo sub mismatch, expected u-1, got: u-2)',
    });
  });

  it("groups that map to nothing: no Meridian role", async () => {
    const claims = await readOidcClaims(tokens({ ...idToken, groups: ["marketing"] }), client({}), "groups");
    expect(toOidcIdentity(claims, "groups", map)).toMatchObject({ role: null, refusal: { code: "oidc-no-role", reason: "your groups map to no Meridian role (groups: marketing)" } });
  });

  it("keys the person by issuer and sub, falling back to email then sub for the label", () => {
    expect(toOidcIdentity({ iss: "https://a", sub: "x", groups: ["sre"] }, "groups", map)).toMatchObject({ subject: "https://a|x", username: "x", displayName: "x" });
    expect(toOidcIdentity({ iss: "https://a", sub: "x", email: "E@x.io", groups: ["sre"] }, "groups", map)).toMatchObject({ username: "e@x.io" });
  });
});
