import { afterEach, describe, expect, it, vi } from "vitest";
import { getEnv, resetEnvForTests } from "./env";

const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", NEXTAUTH_SECRET: "0123456789abcdef0123" };

function envWith(extra: Record<string, string>) {
  for (const [k, v] of Object.entries({ ...base, ...extra })) vi.stubEnv(k, v);
  resetEnvForTests();
  return getEnv;
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("environment at start", () => {
  it("refuses an OIDC_ROLE_MAP that maps a group to a role Meridian does not have, in one line per problem", () => {
    const read = envWith({ OIDC_ROLE_MAP: "sre=operator,bogus=root,leads=aprover" });
    expect(read).toThrow(
      'Invalid environment:\nOIDC_ROLE_MAP: "bogus=root": unknown role "root" (roles: viewer, operator, approver, incident-commander, admin)\n' +
        'OIDC_ROLE_MAP: "leads=aprover": unknown role "aprover" (roles: viewer, operator, approver, incident-commander, admin)',
    );
  });

  it("accepts a valid map", () => {
    expect(envWith({ OIDC_ROLE_MAP: "sre=operator, ic=incident-commander" })().OIDC_ROLE_MAP).toBe("sre=operator, ic=incident-commander");
  });
});
