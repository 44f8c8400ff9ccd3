import type { User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "@/lib/env";
import { groupsOf, parseRoleMap, roleForGroups } from "./oidc-roles";
import { oidcSubject } from "./sign-in-user";
import type { Role } from "./roles";

// The single sign-on provider. Providers differ in where they put groups: some in the ID token,
// many (the OIDC default for scope-requested claims) only in userinfo. The ID token is read first
// and userinfo asked only when the groups claim is missing, so both kinds sign people in.

export type GroupsFrom = "id-token" | "userinfo" | "none";

/** Why a person the provider vouched for still may not enter; the codes travel to the sign-in page. */
export type OidcRefusal = { code: "oidc-no-groups" | "oidc-no-role"; reason: string };

/** What the provider said, reduced to what the sign-in decision needs. */
export type OidcIdentity = {
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  groups: string[];
  groupsFrom: GroupsFrom;
  groupsClaim: string;
  role: Role | null;
  refusal: OidcRefusal | null;
  userinfoError: string | null;
};

/** The next-auth user the provider hands on: `oidc` carries the identity to the signIn callback. */
export type OidcUser = User & { oidc: OidcIdentity };

// Where the claims came from travels inside the claims object (next-auth passes only that object on).
const GROUPS_FROM = "__meridian_groups_from";
const USERINFO_ERROR = "__meridian_userinfo_error";

type Claims = Record<string, unknown>;
type TokenSetLike = { claims(): Claims };
type UserinfoClient = { userinfo(tokens: never): Promise<Claims> };

/**
 * The ID token's claims, completed from userinfo when the groups claim is absent. The ID token
 * stays authoritative for who this is (openid-client also refuses a userinfo answer whose `sub`
 * differs from the ID token's); a failing userinfo call is kept as the reason, not thrown, so the
 * refusal is shown and audited rather than ending in a generic callback error.
 */
export async function readOidcClaims(tokens: TokenSetLike, client: UserinfoClient, groupsClaim: string): Promise<Claims> {
  const idClaims = tokens.claims();
  if (idClaims[groupsClaim] !== undefined) return { ...idClaims, [GROUPS_FROM]: "id-token" };
  try {
    const info = await client.userinfo(tokens as never);
    const from: GroupsFrom = info[groupsClaim] !== undefined ? "userinfo" : "none";
    return { ...info, ...idClaims, [groupsClaim]: info[groupsClaim], [GROUPS_FROM]: from };
  } catch (error) {
    return { ...idClaims, [GROUPS_FROM]: "none", [USERINFO_ERROR]: error instanceof Error ? error.message : String(error) };
  }
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** Maps the claims to an identity and, when it may not enter, why. Pure: nothing is stored here. */
export function toOidcIdentity(claims: Claims, groupsClaim: string, roleMap: Map<string, Role>): OidcIdentity {
  const iss = str(claims.iss);
  const sub = str(claims.sub);
  // openid-client has verified both in the ID token; their absence means the token was not read.
  if (!iss || !sub) throw new Error("the ID token has no iss or sub");
  const email = str(claims.email)?.toLowerCase() ?? null;
  const username = str(claims.preferred_username) ?? email ?? sub;
  const groups = groupsOf(claims[groupsClaim]);
  const groupsFrom = (claims[GROUPS_FROM] as GroupsFrom | undefined) ?? "none";
  const userinfoError = str(claims[USERINFO_ERROR]);
  const role = roleForGroups(groups, roleMap);
  let refusal: OidcRefusal | null = null;
  if (groups.length === 0) {
    const where = userinfoError ? `the ID token has no "${groupsClaim}" claim and userinfo failed: ${userinfoError}` : `no "${groupsClaim}" claim in the ID token or userinfo`;
    refusal = { code: "oidc-no-groups", reason: `the provider sent no groups (${where})` };
  } else if (!role) {
    refusal = { code: "oidc-no-role", reason: `your groups map to no Meridian role (groups: ${groups.join(", ")})` };
  }
  return { subject: oidcSubject(iss, sub), username, displayName: str(claims.name) ?? username, email, groups, groupsFrom, groupsClaim, role, refusal, userinfoError };
}

/** The OIDC provider for next-auth, or null when single sign-on is not configured. */
export function createOidcProvider(env: Env): OAuthConfig<Claims> | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  // Validated at start (lib/env.ts); parsing again here fails closed should that ever be skipped.
  const roleMap = parseRoleMap(env.OIDC_ROLE_MAP);
  const groupsClaim = env.OIDC_GROUPS_CLAIM;
  return {
    id: "oidc",
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid profile email groups" } },
    idToken: true,
    checks: ["pkce", "state"],
    // next-auth types `tokens` as plain parameters; with idToken it passes openid-client's TokenSet (claims()).
    userinfo: { request: ({ tokens, client }) => readOidcClaims(tokens as unknown as TokenSetLike, client as unknown as UserinfoClient, groupsClaim) },
    profile(claims): OidcUser {
      const oidc = toOidcIdentity(claims, groupsClaim, roleMap);
      // `id` is replaced by the user row's id once the signIn callback has stored the person.
      return { id: oidc.subject, name: oidc.displayName, email: oidc.email, oidc };
    },
  };
}
